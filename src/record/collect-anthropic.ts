/**
 * Anthropic Messages answers: text, thinking and `tool_use` blocks (a stream builds them from
 * `content_block_start` and its deltas), `stop_reason` and `usage` (input tokens come in
 * `message_start`, output tokens in the last `message_delta`).
 */
import { arr, emptyAnswer, field, num, parseJson, str, usageOf, type AnswerCollector, type CapturedAnswer } from './captured-answer.js';

export function anthropicCollector(): AnswerCollector {
  const a = emptyAnswer();
  /** Tool calls by content-block index, in block order. */
  const blocks = new Map<number, { name: string; arguments: string }>();
  let input: unknown;
  let output: unknown;
  return {
    event(data, event, atMs) {
      a.frames++;
      const json = parseJson(data);
      const type = str(field(json, 'type')) ?? event;
      switch (type) {
        case 'message_start': {
          const u = field(field(json, 'message'), 'usage');
          input = field(u, 'input_tokens');
          output = field(u, 'output_tokens');
          break;
        }
        case 'content_block_start': {
          const block = field(json, 'content_block');
          if (field(block, 'type') === 'tool_use') blocks.set(num(field(json, 'index')) ?? blocks.size, { name: str(field(block, 'name')) ?? '', arguments: '' });
          break;
        }
        case 'content_block_delta': {
          const d = field(json, 'delta');
          const dt = field(d, 'type');
          if (dt === 'text_delta') {
            a.content += str(field(d, 'text')) ?? '';
            a.textFrames++;
          }
          else if (dt === 'thinking_delta') a.thinking += str(field(d, 'thinking')) ?? '';
          else if (dt === 'input_json_delta') {
            const b = blocks.get(num(field(json, 'index')) ?? -1);
            if (b) b.arguments += str(field(d, 'partial_json')) ?? '';
          } else break;
          a.contentAt.push(atMs);
          break;
        }
        case 'message_delta': {
          const reason = str(field(field(json, 'delta'), 'stop_reason'));
          if (reason) a.stopReason = reason;
          const out = field(field(json, 'usage'), 'output_tokens');
          if (out !== undefined) output = out;
          const inp = field(field(json, 'usage'), 'input_tokens');
          if (typeof inp === 'number') input = inp;
          break;
        }
        case 'error':
          a.streamError = str(field(field(json, 'error'), 'message')) ?? 'error';
          break;
      }
    },
    body(text) {
      const json = parseJson(text);
      for (const block of arr(field(json, 'content'))) {
        const t = field(block, 'type');
        if (t === 'text') a.content += str(field(block, 'text')) ?? '';
        else if (t === 'thinking') a.thinking += str(field(block, 'thinking')) ?? '';
        else if (t === 'tool_use') blocks.set(blocks.size, { name: str(field(block, 'name')) ?? '', arguments: JSON.stringify(field(block, 'input') ?? {}) });
      }
      a.stopReason = str(field(json, 'stop_reason'));
      input = field(field(json, 'usage'), 'input_tokens');
      output = field(field(json, 'usage'), 'output_tokens');
    },
    result(): CapturedAnswer {
      a.toolCalls = [...blocks.entries()].sort(([x], [y]) => x - y).map(([, b]) => ({ name: b.name, arguments: b.arguments === '' ? '{}' : b.arguments }));
      a.usage = usageOf(input, output, undefined);
      return a;
    },
  };
}
