/** Non-streaming Responses body: the response object with every output item complete. */
import type { Answer, AnswerPart, ResponseMeta } from '../../canonical/answer.js';
import type { ResponsesWire } from './decode-request.js';
import { responsesStatus } from './finish-reason.js';
import { outputItems, responseObject, responsesUsage, type ContentSpec, type ItemSpec } from './response-object.js';

/**
 * Answer parts as output items: consecutive text and refusal parts share one message item.
 * @example answerItems([{ type: 'text', text: 'hi' }]) // [{ kind: 'message', content: [{ kind: 'text', text: 'hi' }] }]
 */
export function answerItems(parts: readonly AnswerPart[]): ItemSpec[] {
  const items: ItemSpec[] = [];
  let message: ContentSpec[] | null = null;
  for (const p of parts) {
    switch (p.type) {
      case 'text':
      case 'refusal':
        if (message === null) items.push({ kind: 'message', content: (message = []) });
        message.push({ kind: p.type, text: p.text });
        continue;
      case 'thinking':
        items.push({ kind: 'reasoning', text: p.text });
        break;
      case 'tool_call':
        items.push({ kind: 'function_call', callId: p.id, name: p.name, arguments: p.argumentsJson });
        break;
      default: {
        const never: never = p;
        throw new Error(`unknown answer part ${JSON.stringify(never)}`);
      }
    }
    message = null;
  }
  return items;
}

/** The response object of a whole answer (the body, and what `response.completed` carries). */
export function completedResponse(items: readonly ItemSpec[], answer: Pick<Answer, 'finish' | 'usage'>, meta: ResponseMeta, wire: ResponsesWire) {
  const { status, incompleteDetails } = responsesStatus(answer.finish);
  return responseObject(meta, wire.echo, { status, incompleteDetails, output: outputItems(items, meta.id, status), usage: responsesUsage(answer.usage, items) });
}

/** @example JSON.parse(encodeResponsesBody(answer, meta, wire)).output[0].content[0].text */
export function encodeResponsesBody(answer: Answer, meta: ResponseMeta, wire: ResponsesWire): string {
  const body = JSON.stringify(completedResponse(answerItems(answer.parts), answer, meta, wire));
  wire.store?.put(meta.id, body);
  return body;
}
