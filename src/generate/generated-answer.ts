/**
 * A text no fixture wrote word for word (a generator's, or load chaos' response modes') as a
 * neutral answer: cut to the request's max output tokens with the `length` finish reason, its
 * usage counted with the real tokenizer, reasoning counted for reasoning models.
 */
import type { Answer } from '../canonical/answer.js';
import type { ChatRequest } from '../canonical/request.js';
import type { Rng } from '../random/rng.js';
import { generateText, type GeneratedText } from './generate-text.js';
import type { GeneratorSpec } from './generator-spec.js';
import { withReasoning } from './reasoning.js';
import { capTokens, countChatPromptTokens, countTokens } from './tokens.js';

/**
 * @example generatedAnswer(req, capToRequest('Hello there', req)).finish.reason // 'stop', or 'length' when cut
 */
export function generatedAnswer(req: ChatRequest, g: GeneratedText): Answer {
  const answer: Answer = {
    parts: [{ type: 'text', text: g.text }],
    finish: { reason: g.cut ? 'length' : 'stop' },
    usage: { inputTokens: countChatPromptTokens(req.messages), outputTokens: g.tokens },
  };
  return withReasoning(answer, req);
}

/** A finished text under the request's max output tokens (`max_tokens` and its kin). */
export function capToRequest(text: string, req: ChatRequest): GeneratedText {
  return req.maxOutputTokens !== undefined ? capTokens(text, req.maxOutputTokens) : { text, tokens: countTokens(text), cut: false };
}

/**
 * A generator's answer to a request (`--generate`, or a fixture's `response: {generate}` through
 * render), seeded by the request's `generator` stream.
 * @example generatorAnswer({ kind: 'lorem', targetTokens: 50 }, req, createRng(seed.sub('generator')))
 */
export function generatorAnswer(spec: GeneratorSpec, req: ChatRequest, rng: Rng): Answer {
  return generatedAnswer(req, generateText(spec, req.userMessage, rng, req.maxOutputTokens));
}
