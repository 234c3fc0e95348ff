/** Non-streaming Chat Completions body. */
import { answerText, type Answer, type ResponseMeta } from '../../canonical/answer.js';
import { openAiFinishReason } from '../openai/finish-reason.js';
import type { OpenAiWire } from '../openai/decode-common.js';
import { systemFingerprint } from '../openai/serving-info.js';
import { openAiUsage } from '../openai/usage.js';

/** @example JSON.parse(encodeChatBody(answer, { id: 'chatcmpl-1', created: 0, model: 'gpt-4o' }, wire)).choices[0].message */
export function encodeChatBody(answer: Answer, meta: ResponseMeta, wire: OpenAiWire): string {
  let refusal: string | null = null;
  const calls: unknown[] = [];
  for (const p of answer.parts) {
    if (p.type === 'refusal') refusal = (refusal ?? '') + p.text;
    else if (p.type === 'tool_call') calls.push({ id: p.id, type: 'function', function: { name: p.name, arguments: p.argumentsJson } });
  }
  const message: Record<string, unknown> = { role: 'assistant', content: answerText(answer), refusal };
  if (calls.length > 0) message.tool_calls = calls;
  return JSON.stringify({
    id: meta.id,
    object: 'chat.completion',
    created: meta.created,
    model: meta.model,
    // With `n`, every choice is the same answer under its own index.
    choices: Array.from({ length: wire.n }, (_, index) => ({ index, message, logprobs: null, finish_reason: openAiFinishReason(answer.finish) })),
    usage: openAiUsage(answer.usage, wire.n),
    service_tier: wire.serviceTier,
    system_fingerprint: systemFingerprint(meta.model),
  });
}
