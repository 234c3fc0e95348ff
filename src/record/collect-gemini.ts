/**
 * Gemini generateContent answers: candidate 0's text parts (`thought: true` parts are
 * reasoning), `functionCall` parts, `finishReason` and `usageMetadata`. A stream is a run of
 * partial responses, as SSE (`alt=sse`) or as one JSON array; both are summed the same way.
 */
import { arr, emptyAnswer, field, parseJson, str, usageOf, type AnswerCollector, type CapturedAnswer } from './captured-answer.js';

/** Gemini's finish reasons in OpenAI's words (what fixtures' `finish_reason` speaks). */
const FINISH: Record<string, string> = { STOP: 'stop', MAX_TOKENS: 'length', SAFETY: 'content_filter', RECITATION: 'content_filter', PROHIBITED_CONTENT: 'content_filter', BLOCKLIST: 'content_filter', SPII: 'content_filter' };

export function geminiCollector(): AnswerCollector {
  const a = emptyAnswer();
  /** Adds one (partial) response; true when it carried content. */
  const add = (chunk: unknown): boolean => {
    let carried = false;
    let textPart = false;
    const err = field(chunk, 'error');
    if (err !== undefined) a.streamError = str(field(err, 'message')) ?? 'error';
    const cand = arr(field(chunk, 'candidates'))[0];
    for (const part of arr(field(field(cand, 'content'), 'parts'))) {
      const text = str(field(part, 'text'));
      const call = field(part, 'functionCall');
      if (text !== undefined && text !== '') {
        if (field(part, 'thought') === true) a.thinking += text;
        else {
          a.content += text;
          textPart = true;
        }
        carried = true;
      } else if (call !== undefined) {
        a.toolCalls.push({ name: str(field(call, 'name')) ?? '', arguments: JSON.stringify(field(call, 'args') ?? {}) });
        carried = true;
      }
    }
    const finish = str(field(cand, 'finishReason'));
    if (finish) a.finishReason = FINISH[finish] ?? finish.toLowerCase();
    const u = field(chunk, 'usageMetadata');
    if (u !== undefined) a.usage = usageOf(field(u, 'promptTokenCount') ?? 0, field(u, 'candidatesTokenCount') ?? 0, field(u, 'thoughtsTokenCount'));
    if (textPart) a.textFrames++;
    return carried;
  };
  return {
    event(data, _event, atMs) {
      a.frames++;
      if (add(parseJson(data))) a.contentAt.push(atMs);
    },
    body(text, chunkTimes) {
      const json = parseJson(text);
      if (Array.isArray(json)) {
        // A JSON-array stream: its elements arrived over time, roughly one per network chunk.
        a.frames = json.length;
        json.forEach((el, i) => {
          if (add(el)) a.contentAt.push(chunkTimes[Math.min(i, chunkTimes.length - 1)] ?? 0);
        });
      } else add(json);
    },
    result(): CapturedAnswer {
      // Gemini says STOP for an answer that calls tools; fixtures then default to tool_calls.
      if (a.toolCalls.length > 0 && a.finishReason === 'stop') a.finishReason = undefined;
      return a;
    },
  };
}
