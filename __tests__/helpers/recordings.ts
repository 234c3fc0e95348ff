/**
 * Recorded upstream responses as `--record-exact` stores them (`raw:` blocks), built from each
 * provider's real wire shapes: frames are split into TCP-like chunks that do not line up with
 * frame boundaries, and the text carries multi-byte characters, so a replay that re-frames,
 * re-encodes or re-chunks anything shows.
 */

export interface RawChunkYaml {
  at_ms: number;
  data: string;
}

export interface RawBlock {
  stream: boolean;
  status: number;
  headers?: Record<string, string>;
  chunks: RawChunkYaml[];
}

/** Cut `wire` at the given character offsets into chunks sent at `atMs` (one more time than cuts). */
export function chunked(wire: string, cuts: number[], atMs: number[]): RawChunkYaml[] {
  if (atMs.length !== cuts.length + 1) throw new Error('one offset per chunk');
  const bounds = [0, ...cuts, wire.length];
  return atMs.map((at_ms, i) => ({ at_ms, data: wire.slice(bounds[i], bounds[i + 1]) }));
}

/** Every chunk's data, joined: the exact body a replay must send. */
export const joined = (raw: RawBlock) => raw.chunks.map((c) => c.data).join('');

/** An OpenAI Chat Completions SSE stream of `pieces` (as the API sends it, `[DONE]` last). */
export function openAiChatSse(pieces: string[]): string {
  const chunk = (delta: object, finish: string | null) =>
    `data: ${JSON.stringify({ id: 'chatcmpl-rec1', object: 'chat.completion.chunk', created: 1764547200, model: 'gpt-4o-2024-08-06', system_fingerprint: 'fp_rec', choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }] })}\n\n`;
  return [chunk({ role: 'assistant', content: '', refusal: null }, null), ...pieces.map((p) => chunk({ content: p }, null)), chunk({}, 'stop'), 'data: [DONE]\n\n'].join('');
}

/** An Anthropic Messages SSE stream (`event:` names, a ping, the usage in message_delta). */
export function anthropicSse(pieces: string[], outputTokens: number): string {
  const ev = (event: string, data: object) => `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
  return [
    ev('message_start', { type: 'message_start', message: { id: 'msg_rec1', type: 'message', role: 'assistant', model: 'claude-sonnet-4-6', content: [], stop_reason: null, stop_sequence: null, usage: { input_tokens: 25, output_tokens: 1 } } }),
    ev('content_block_start', { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } }),
    ev('ping', { type: 'ping' }),
    ...pieces.map((text) => ev('content_block_delta', { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text } })),
    ev('content_block_stop', { type: 'content_block_stop', index: 0 }),
    ev('message_delta', { type: 'message_delta', delta: { stop_reason: 'end_turn', stop_sequence: null }, usage: { output_tokens: outputTokens } }),
    ev('message_stop', { type: 'message_stop' }),
  ].join('');
}

function geminiElement(text: string, last: boolean): object {
  const candidate: Record<string, unknown> = { content: { parts: [{ text }], role: 'model' }, index: 0 };
  if (last) candidate.finishReason = 'STOP';
  return { candidates: [candidate], usageMetadata: { promptTokenCount: 4, totalTokenCount: 4 }, modelVersion: 'gemini-2.0-flash' };
}

/** Gemini `streamGenerateContent?alt=sse`: `data:` lines ended by CRLF CRLF, as the API sends them. */
export function geminiSse(pieces: string[]): string {
  return pieces.map((p, i) => `data: ${JSON.stringify(geminiElement(p, i === pieces.length - 1))}\r\n\r\n`).join('');
}

/** Gemini `streamGenerateContent` without `alt=sse`: one pretty-printed JSON array, elements split by `,\r\n`. */
export function geminiJsonArray(pieces: string[]): string {
  return `[${pieces.map((p, i) => JSON.stringify(geminiElement(p, i === pieces.length - 1), null, 2)).join('\n,\r\n')}\n]`;
}
