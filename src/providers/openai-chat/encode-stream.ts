/**
 * Streamed Chat Completions (REFERENCE §3): role chunk, content (or tool-call) chunks, the
 * finish chunk, the usage chunk when `stream_options.include_usage` is set, then `[DONE]`.
 */
import type { NeutralMessage, ResponseMeta } from '../../canonical/response.js';
import { DONE_FRAME, chunkText, dataFrame, type Frame } from '../../stream/sse.js';
import type { StreamEncodeOptions } from '../codec.js';
import { openAiUsage } from './encode-response.js';

export function encodeChatStream(msg: NeutralMessage, meta: ResponseMeta, opts: StreamEncodeOptions): Frame[] {
  // Everything but the delta is the same in every chunk: serialise it once and splice.
  const head = `{"id":${JSON.stringify(meta.id)},"object":"chat.completion.chunk","created":${meta.created},"model":${JSON.stringify(meta.model)},"choices":[{"index":0,"delta":`;
  const tail = opts.includeUsage ? ',"usage":null}' : '}';
  const chunk = (delta: unknown, finish: string | null = null) =>
    dataFrame(`${head}${JSON.stringify(delta)},"logprobs":null,"finish_reason":${JSON.stringify(finish)}}]${tail}`);

  const frames: Frame[] = [];
  const hasTools = msg.toolCalls.length > 0;
  frames.push(chunk({ role: 'assistant', content: hasTools && !msg.text ? null : '', refusal: null }));
  for (const piece of chunkText(msg.text ?? '', opts.chunkSize)) frames.push(() => chunk({ content: piece }));
  msg.toolCalls.forEach((call, index) => {
    frames.push(chunk({ tool_calls: [{ index, id: call.id, type: 'function', function: { name: call.name, arguments: '' } }] }));
    for (const piece of chunkText(call.argumentsJson, opts.chunkSize)) {
      frames.push(() => chunk({ tool_calls: [{ index, function: { arguments: piece } }] }));
    }
  });
  frames.push(chunk({}, msg.finishReason));
  if (opts.includeUsage) {
    frames.push(
      dataFrame(
        JSON.stringify({ id: meta.id, object: 'chat.completion.chunk', created: meta.created, model: meta.model, choices: [], usage: openAiUsage(msg.usage) }),
      ),
    );
  }
  frames.push(DONE_FRAME);
  return frames;
}
