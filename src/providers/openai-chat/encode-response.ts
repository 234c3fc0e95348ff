/** Non-streaming Chat Completions body. */
import { answerText, type Answer, type ResponseMeta } from '../../canonical/answer.js';
import { openAiFinishReason } from '../openai/finish-reason.js';
import type { OpenAiWire } from '../openai/decode-common.js';
import { systemFingerprint } from '../openai/serving-info.js';
import { openAiUsage } from '../openai/usage.js';

/**
 * The body is built by joining JSON pieces rather than by `JSON.stringify` of one object: the
 * envelope's keys are constants, and on the hot path (every non-streamed chat answer) walking
 * and escaping that object was about a third of the encoder's time. Every value still goes
 * through `JSON.stringify`, so escaping is JSON's own; the bytes are the same as stringifying
 * `{ id, object, created, model, choices, usage, service_tier, system_fingerprint }`.
 * @example JSON.parse(encodeChatBody(answer, { id: 'chatcmpl-1', created: 0, model: 'gpt-4o' }, wire)).choices[0].message
 */
export function encodeChatBody(answer: Answer, meta: ResponseMeta, wire: OpenAiWire): string {
  let refusal: string | null = null;
  let calls: unknown[] | undefined;
  for (const p of answer.parts) {
    if (p.type === 'refusal') refusal = (refusal ?? '') + p.text;
    else if (p.type === 'tool_call') (calls ??= []).push({ id: p.id, type: 'function', function: { name: p.name, arguments: p.argumentsJson } });
  }
  const message = `{"role":"assistant","content":${JSON.stringify(answerText(answer))},"refusal":${JSON.stringify(refusal)}${calls ? `,"tool_calls":${JSON.stringify(calls)}` : ''}}`;
  // With `n`, every choice is the same answer under its own index.
  const rest = `,"message":${message},"logprobs":null,"finish_reason":${JSON.stringify(openAiFinishReason(answer.finish))}}`;
  let choices = `{"index":0${rest}`;
  for (let i = 1; i < wire.n; i++) choices += `,{"index":${i}${rest}`;
  return (
    `{"id":${JSON.stringify(meta.id)},"object":"chat.completion","created":${JSON.stringify(meta.created)},"model":${JSON.stringify(meta.model)},` +
    `"choices":[${choices}],"usage":${JSON.stringify(openAiUsage(answer.usage, wire.n))},` +
    `"service_tier":${JSON.stringify(wire.serviceTier)},"system_fingerprint":${JSON.stringify(systemFingerprint(meta.model))}}`
  );
}
