/**
 * OpenAI Responses answers: the final response object (the body, or the stream's
 * `response.completed` / `response.incomplete` event) holds everything; the delta events only
 * tell when content arrived.
 */
import { arr, emptyAnswer, field, parseJson, str, usageOf, type AnswerCollector, type CapturedAnswer } from './captured-answer.js';

const CONTENT_EVENTS = new Set(['response.output_text.delta', 'response.function_call_arguments.delta', 'response.reasoning_summary_text.delta', 'response.reasoning_text.delta', 'response.refusal.delta']);

export function responsesCollector(): AnswerCollector {
  const a = emptyAnswer();
  const fromResponse = (r: unknown) => {
    a.content = '';
    a.thinking = '';
    a.toolCalls = [];
    for (const item of arr(field(r, 'output'))) {
      const type = field(item, 'type');
      if (type === 'message') {
        for (const part of arr(field(item, 'content'))) if (field(part, 'type') === 'output_text') a.content += str(field(part, 'text')) ?? '';
      } else if (type === 'function_call') {
        a.toolCalls.push({ name: str(field(item, 'name')) ?? '', arguments: str(field(item, 'arguments')) ?? '' });
      } else if (type === 'reasoning') {
        for (const s of arr(field(item, 'summary'))) a.thinking += str(field(s, 'text')) ?? '';
      }
    }
    const u = field(r, 'usage');
    a.usage = usageOf(field(u, 'input_tokens'), field(u, 'output_tokens'), field(field(u, 'output_tokens_details'), 'reasoning_tokens'));
    const incomplete = str(field(field(r, 'incomplete_details'), 'reason'));
    a.finishReason = field(r, 'status') === 'incomplete' ? (incomplete === 'content_filter' ? 'content_filter' : 'length') : a.toolCalls.length > 0 ? 'tool_calls' : 'stop';
  };
  return {
    event(data, event, atMs) {
      a.frames++;
      const json = parseJson(data);
      const type = str(field(json, 'type')) ?? event;
      if (type !== undefined && CONTENT_EVENTS.has(type)) a.contentAt.push(atMs);
      if (type === 'response.output_text.delta') a.textFrames++;
      if (type === 'response.completed' || type === 'response.incomplete') fromResponse(field(json, 'response'));
      if (type === 'error' || type === 'response.failed') a.streamError = str(field(json, 'message')) ?? str(field(field(field(json, 'response'), 'error'), 'message')) ?? 'error';
    },
    body(text) {
      fromResponse(parseJson(text));
    },
    result: (): CapturedAnswer => a,
  };
}
