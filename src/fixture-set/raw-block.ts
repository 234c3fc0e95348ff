/**
 * The record/replay keys of a fixture: `raw:` (a verbatim upstream response, what
 * `--record-exact` writes) and `response.usage` (recorded token counts). The schema has checked
 * their shapes and ranges (status 100..599, integer offsets >= 0, a non-empty chunk list); here
 * only what the fields mean together, with file:line problems like every other key.
 */
import type { Report, YamlPath } from './compile.js';
import { headerNameProblem, headerValueProblem } from './header-names.js';
import type { RawChunk, RawSpec, UsageSpec } from './types.js';

type Obj = Record<string, unknown>;

/**
 * Headers a replay never sends from the recording: llmposter frames and lengths the body itself
 * and never compresses, so the recorded values would describe bytes it does not send.
 */
export const IGNORED_RAW_HEADERS: ReadonlySet<string> = new Set(['content-length', 'transfer-encoding', 'connection', 'keep-alive', 'content-encoding']);

/**
 * `raw:` -> RawSpec, or undefined after reporting what is wrong.
 * @example compileRaw({ stream: false, status: 200, chunks: [{ at_ms: 0, data: '{}' }] }, ['raw'], report)
 * // { stream: false, status: 200, headers: {}, chunks: [{ atMs: 0, data: '{}' }] }
 */
export function compileRaw(r: Obj, at: YamlPath, report: Report): RawSpec | undefined {
  let ok = true;
  const headers: Record<string, string> = {};
  if (r.headers !== null && typeof r.headers === 'object') {
    const seen = new Map<string, string>();
    for (const [name, value] of Object.entries(r.headers as Obj)) {
      const lower = name.toLowerCase();
      const nameProblem = headerNameProblem(name);
      const valueProblem = headerValueProblem(String(value));
      const prev = seen.get(lower);
      if (nameProblem) report([...at, 'headers', name], nameProblem, 'key');
      else if (prev !== undefined) report([...at, 'headers', name], `header "${name}" repeats "${prev}" (header names are case-insensitive, so only one could be sent); keep one`, 'key');
      else if (valueProblem) report([...at, 'headers', name], `"${name}": ${valueProblem}`);
      else {
        seen.set(lower, name);
        if (!IGNORED_RAW_HEADERS.has(lower)) headers[lower] = String(value);
        continue;
      }
      ok = false;
    }
  }
  const chunks: RawChunk[] = [];
  const list = Array.isArray(r.chunks) ? (r.chunks as Obj[]) : [];
  list.forEach((c, i) => {
    const atMs = c.at_ms as number;
    const before = chunks[i - 1];
    if (before !== undefined && atMs < before.atMs) {
      report([...at, 'chunks', i, 'at_ms'], `raw chunk ${i} is due at ${atMs} ms, before chunk ${i - 1} (${before.atMs} ms); at_ms counts from the start of the response and never goes back: reorder the chunks or fix the offset`);
      ok = false;
    }
    chunks.push({ atMs, data: c.data as string });
  });
  if (!ok) return undefined;
  return { stream: r.stream as boolean, status: r.status as number, headers, chunks };
}

/**
 * `response.usage` -> UsageSpec (fields the fixture left out stay out: they are counted).
 * @example compileUsage({ input_tokens: 12, output_tokens: 3 }, ['response', 'usage'], report) // { inputTokens: 12, outputTokens: 3 }
 */
export function compileUsage(u: Obj, at: YamlPath, report: Report): UsageSpec | undefined {
  const spec: UsageSpec = {};
  if (typeof u.input_tokens === 'number') spec.inputTokens = u.input_tokens;
  if (typeof u.output_tokens === 'number') spec.outputTokens = u.output_tokens;
  if (typeof u.reasoning_tokens === 'number') spec.reasoningTokens = u.reasoning_tokens;
  if (spec.outputTokens !== undefined && spec.reasoningTokens !== undefined && spec.reasoningTokens > spec.outputTokens) {
    report([...at, 'reasoning_tokens'], `reasoning_tokens (${spec.reasoningTokens}) is part of output_tokens (${spec.outputTokens}), so it cannot be larger; output_tokens counts every token of the answer, reasoning included`);
    return undefined;
  }
  return spec;
}
