/**
 * Load chaos' response modes (ChaosLLM's): the text that answers a chat request no fixture
 * matches. `random` words, `echo`, a `template` rendered by our safe template language, or the
 * next answer of a `preset` bank. Per request, the `X-Fake-Response-Mode` and `X-Fake-Template`
 * headers override the configured mode when `allow_header_overrides` is on.
 *
 * A request header cannot stop a load test: a bad override (unknown mode, a template that does
 * not compile or render, a mode with nothing to serve) answers 200 with a bracketed message as
 * the text, e.g. `[template error: ...]`, as ChaosLLM's users expect; the run goes on and the
 * problem is visible in the answer. Problems in the config itself are refused when it is loaded.
 */
import { headerValue, type ChatRequest } from '../canonical/request.js';
import { echoText, randomWords } from '../generate/random-words.js';
import { compileChaosTemplate, TemplateLanguageError, type ChaosTemplate, type TemplateVars } from '../generate/template-language/index.js';
import type { Rng } from '../random/rng.js';
import { ChaosConfigError, type ChaosProblem } from './config.js';
import { loadPresetBank, type PresetBank } from './preset-bank.js';
import { RESPONSE_MODES, type ChaosConfig, type ResponseMode } from './types.js';

export const MODE_HEADER = 'x-fake-response-mode';
export const TEMPLATE_HEADER = 'x-fake-template';

/** A generated text and the mode that made it (`invalid` for an unknown header mode). */
export interface GeneratedText {
  mode: ResponseMode | 'invalid';
  text: string;
}

/** Compiled header templates kept, so a load test repeating one header compiles it once. */
const HEADER_TEMPLATE_CACHE_SIZE = 64;

type ResponseConfig = ChaosConfig['response'];

export class ResponseModes {
  private readonly headerTemplates = new Map<string, ChaosTemplate | TemplateLanguageError>();

  private constructor(
    private readonly config: ResponseConfig,
    private readonly template: ChaosTemplate | null,
    private readonly bank: PresetBank | null,
  ) {}

  /**
   * Compile the configured template and read the preset bank. Throws ChaosConfigError naming
   * every problem. A `previous` bank of the same file and selection is kept as it is, so an
   * unrelated `/admin/config` change does not restart a sequential bank.
   */
  static prepare(config: ResponseConfig, previous?: ResponseModes): ResponseModes {
    const problems: ChaosProblem[] = [];
    let template: ChaosTemplate | null = null;
    if (config.template.body !== null) {
      try {
        template = compileChaosTemplate(config.template.body, { maxLength: config.max_template_length });
      } catch (err) {
        if (!(err instanceof TemplateLanguageError)) throw err;
        problems.push({ path: 'response.template.body', message: err.message });
      }
    } else if (config.mode === 'template') {
      problems.push({ path: 'response.template.body', message: 'the template mode needs a template (response.template.body)' });
    }
    let bank: PresetBank | null = null;
    const { file, selection } = config.preset;
    if (file !== null) {
      const kept = previous?.bank;
      if (kept && kept.file === file && kept.selection === selection) bank = kept;
      else {
        try {
          bank = loadPresetBank(file, selection);
        } catch (err) {
          if (!(err instanceof ChaosConfigError)) throw err;
          problems.push(...err.problems);
        }
      }
    } else if (config.mode === 'preset') {
      problems.push({ path: 'response.preset.file', message: 'the preset mode needs a JSONL file of answers (response.preset.file)' });
    }
    if (problems.length > 0) throw new ChaosConfigError(problems);
    return new ResponseModes(config, template, bank);
  }

  /** Whether a request may ask for a generated answer with a header, with no mode configured. */
  get headerOverrides(): boolean {
    return this.config.allow_header_overrides;
  }

  /**
   * The generated text for a request no fixture matched, or null when no mode applies (the
   * usual 404). `rng` is the request's `generate` stream; `unixMs` feeds `timestamp()`.
   */
  text(req: ChatRequest, rng: Rng, unixMs: number): GeneratedText | null {
    let mode: string | null = this.config.mode;
    let headerTemplate: string | undefined;
    if (this.config.allow_header_overrides) {
      const asked = headerValue(req.headers, MODE_HEADER)?.trim().toLowerCase();
      headerTemplate = headerValue(req.headers, TEMPLATE_HEADER);
      // A template header alone asks for the template mode.
      if (asked) mode = asked;
      else if (headerTemplate !== undefined) mode = 'template';
    }
    switch (mode) {
      case null:
        return null;
      case 'random':
        return { mode, text: randomWords(rng, this.config.random) };
      case 'echo':
        return { mode, text: echoText(req.userMessage) };
      case 'preset':
        return { mode, text: this.bank ? this.bank.next(rng) : '[preset mode needs a bank of answers: set response.preset.file in the server config]' };
      case 'template':
        return { mode, text: this.renderTemplate(headerTemplate, req, rng, unixMs) };
      default:
        return { mode: 'invalid', text: `[unknown response mode '${mode.slice(0, 40)}' in ${MODE_HEADER}: use ${RESPONSE_MODES.join(', ')}]` };
    }
  }

  /** `POST /admin/reset`: a sequential bank starts over. */
  reset(): void {
    this.bank?.reset();
  }

  private renderTemplate(fromHeader: string | undefined, req: ChatRequest, rng: Rng, unixMs: number): string {
    const template = fromHeader !== undefined ? this.compileHeader(fromHeader) : this.template;
    if (template === null) return `[template mode needs a template: send ${TEMPLATE_HEADER} or set response.template.body]`;
    if (template instanceof TemplateLanguageError) return `[template error: ${template.message}]`;
    try {
      return template.render(templateVars(req), { rng, nowMs: unixMs });
    } catch (err) {
      if (err instanceof TemplateLanguageError) return `[template error: ${err.message}]`;
      throw err;
    }
  }

  private compileHeader(source: string): ChaosTemplate | TemplateLanguageError {
    let compiled = this.headerTemplates.get(source);
    if (compiled === undefined) {
      try {
        compiled = compileChaosTemplate(source, { maxLength: this.config.max_template_length });
      } catch (err) {
        if (!(err instanceof TemplateLanguageError)) throw err;
        compiled = err;
      }
      if (this.headerTemplates.size >= HEADER_TEMPLATE_CACHE_SIZE) this.headerTemplates.delete(this.headerTemplates.keys().next().value!);
      this.headerTemplates.set(source, compiled);
    }
    return compiled;
  }
}

/**
 * What a template sees, the same on every provider route: `model`, `messages` as
 * `[{role, content}]` (text only, whatever the provider's own message shape), and `request`,
 * the parsed body as the client sent it.
 */
function templateVars(req: ChatRequest): TemplateVars {
  return { model: req.model, messages: req.messages.map((m) => ({ role: m.role, content: m.text })), request: req.body };
}
