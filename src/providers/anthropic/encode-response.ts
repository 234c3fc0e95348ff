/** The non-streaming Messages body: `{"id","type":"message","role","model","content",...}`. */
import type { Answer, ResponseMeta } from '../../canonical/answer.js';
import { anthropicUsage, stopSequence, thinkingSignature, toolInput } from './blocks.js';
import type { AnthropicWire } from './decode-request.js';
import { anthropicStopReason } from './finish-reason.js';

/**
 * One content block per answer part, in order: `thinking` (with its signature), `text` (a refusal
 * is its reason as text, with `stop_reason: refusal`), `tool_use`.
 * @example JSON.parse(encodeMessagesBody(answer, { id: 'msg_1', created: 0, model: 'claude-sonnet-4-6' }, wire)).content
 */
export function encodeMessagesBody(answer: Answer, meta: ResponseMeta, wire: AnthropicWire): string {
  const content: unknown[] = [];
  for (const p of answer.parts) {
    switch (p.type) {
      case 'text':
      case 'refusal':
        content.push({ type: 'text', text: p.text });
        break;
      case 'thinking':
        content.push({ type: 'thinking', thinking: p.text, signature: thinkingSignature(p.text) });
        break;
      case 'tool_call':
        content.push({ type: 'tool_use', id: p.id, name: p.name, input: toolInput(p.argumentsJson) });
        break;
      default: {
        const never: never = p;
        throw new Error(`unknown answer part ${JSON.stringify(never)}`);
      }
    }
  }
  const stopReason = anthropicStopReason(answer.finish);
  return JSON.stringify({
    id: meta.id,
    type: 'message',
    role: 'assistant',
    model: meta.model,
    content,
    stop_reason: stopReason,
    stop_sequence: stopSequence(stopReason, wire),
    usage: anthropicUsage(answer.usage),
  });
}
