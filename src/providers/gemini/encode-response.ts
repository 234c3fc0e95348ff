/**
 * A non-streaming `GenerateContentResponse`: one candidate whose parts are the answer's thought
 * parts (`thought: true`), its text and its function calls, in the answer's order; then
 * `usageMetadata`, `modelVersion` and `responseId`.
 *
 * A refusal is Gemini's safety filter at work: a candidate with no content,
 * `finishReason: SAFETY`, the fixture's reason as `finishMessage` and a blocked safety rating.
 */
import type { Answer, ResponseMeta } from '../../canonical/answer.js';
import { countTokens } from '../../generate/tokens.js';
import { finishFields, functionCallPart, malformedMessage } from './answer-parts.js';
import { geminiUsage } from './usage.js';

/** @example JSON.parse(encodeGeminiBody(answer, { id: 'abc', created: 0, model: 'gemini-2.0-flash' })).candidates[0].content.parts */
export function encodeGeminiBody(answer: Answer, meta: ResponseMeta): string {
  const parts: string[] = [];
  const malformed: Array<{ name: string; argumentsJson: string }> = [];
  let refusal: string | undefined;
  let thoughts = 0;
  let emptyText = false;
  for (const p of answer.parts) {
    switch (p.type) {
      case 'thinking':
        parts.push(`{"text":${JSON.stringify(p.text)},"thought":true}`);
        thoughts += countTokens(p.text);
        break;
      case 'text':
        // An empty text is sent only when it is the whole answer (see below).
        if (p.text === '') emptyText = true;
        else parts.push(`{"text":${JSON.stringify(p.text)}}`);
        break;
      case 'refusal':
        refusal = (refusal ?? '') + p.text;
        break;
      case 'tool_call': {
        const part = functionCallPart(p.name, p.argumentsJson);
        if (part === null) malformed.push(p);
        else parts.push(part);
        break;
      }
      default: {
        const never: never = p;
        throw new Error(`unknown answer part ${JSON.stringify(never)}`);
      }
    }
  }
  if (parts.length === 0 && emptyText && refusal === undefined && malformed.length === 0) parts.push('{"text":""}');
  const message = refusal ?? (malformed.length > 0 ? malformedMessage(malformed) : undefined);
  const finish = finishFields(answer.finish, message, malformed.length > 0);
  const content = parts.length > 0 ? `"content":{"parts":[${parts.join(',')}],"role":"model"},` : '';
  return [
    '{"candidates":[{', content, finish.reason.slice(1), ',"index":0', finish.safety, '}]',
    ',"usageMetadata":', geminiUsage(answer.usage, thoughts),
    ',"modelVersion":', JSON.stringify(meta.model), ',"responseId":', JSON.stringify(meta.id), '}',
  ].join('');
}
