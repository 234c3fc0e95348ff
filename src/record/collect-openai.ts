/**
 * OpenAI Chat Completions, legacy Completions and embeddings answers (also Azure's, which use
 * the same bodies): choice 0's text, tool calls and finish reason, and `usage`.
 */
import { arr, emptyAnswer, field, num, parseJson, str, usageOf, type AnswerCollector, type CapturedAnswer } from './captured-answer.js';

function chatUsage(u: unknown) {
  return usageOf(field(u, 'prompt_tokens'), field(u, 'completion_tokens'), field(field(u, 'completion_tokens_details'), 'reasoning_tokens'));
}

/** `/chat/completions` (and `/completions` when `legacy`: the text is `choices[0].text`). */
export function openAiChatCollector(legacy = false): AnswerCollector {
  const a = emptyAnswer();
  const calls: { name: string; arguments: string }[] = [];
  return {
    event(data, _event, atMs) {
      a.frames++;
      if (data === '[DONE]') return;
      const chunk = parseJson(data);
      const err = field(chunk, 'error');
      if (err !== undefined) a.streamError = str(field(err, 'message')) ?? 'error';
      const usage = chatUsage(field(chunk, 'usage'));
      if (usage) a.usage = usage;
      const choice = arr(field(chunk, 'choices')).find((c) => (num(field(c, 'index')) ?? 0) === 0);
      if (choice === undefined) return;
      const delta = legacy ? choice : field(choice, 'delta');
      const text = str(field(delta, legacy ? 'text' : 'content'));
      let carried = !!text;
      if (text) {
        a.content += text;
        a.textFrames++;
      }
      for (const tc of arr(field(delta, 'tool_calls'))) {
        const i = num(field(tc, 'index')) ?? 0;
        const fn = field(tc, 'function');
        calls[i] ??= { name: '', arguments: '' };
        calls[i].name += str(field(fn, 'name')) ?? '';
        calls[i].arguments += str(field(fn, 'arguments')) ?? '';
        carried = true;
      }
      if (carried) a.contentAt.push(atMs);
      const finish = str(field(choice, 'finish_reason'));
      if (finish) a.finishReason = finish;
    },
    body(text) {
      const json = parseJson(text);
      a.usage = chatUsage(field(json, 'usage'));
      const choice = arr(field(json, 'choices'))[0];
      const message = field(choice, 'message');
      a.content = str(field(legacy ? choice : message, legacy ? 'text' : 'content')) ?? '';
      for (const tc of arr(field(message, 'tool_calls'))) {
        const fn = field(tc, 'function');
        calls.push({ name: str(field(fn, 'name')) ?? '', arguments: str(field(fn, 'arguments')) ?? '' });
      }
      a.finishReason = str(field(choice, 'finish_reason'));
    },
    result(): CapturedAnswer {
      a.toolCalls = calls.filter((c) => c && c.name !== '');
      return a;
    },
  };
}

/** `/embeddings`: each input's vector (floats, or the base64 float32 the SDK asks for by default). */
export function openAiEmbeddingsCollector(): AnswerCollector {
  const a = emptyAnswer();
  return {
    event() {},
    body(text) {
      const json = parseJson(text);
      const data = arr(field(json, 'data')).slice().sort((x, y) => (num(field(x, 'index')) ?? 0) - (num(field(y, 'index')) ?? 0));
      a.embeddings = data.map((d) => vector(field(d, 'embedding')));
      a.usage = usageOf(field(field(json, 'usage'), 'prompt_tokens'), 0, undefined);
    },
    result: () => a,
  };
}

function vector(v: unknown): number[] {
  if (Array.isArray(v)) return v.filter((n): n is number => typeof n === 'number');
  if (typeof v !== 'string') return [];
  const bytes = Buffer.from(v, 'base64');
  const out: number[] = [];
  for (let i = 0; i + 4 <= bytes.length; i += 4) out.push(bytes.readFloatLE(i));
  return out;
}
