/** POST /v1/completions (legacy): `prompt` in, `text_completion` objects out. */
import type { Codec } from '../codec.js';
import type { OpenAiWire } from '../openai/decode-common.js';
import { encodeOpenAiError, openAiStreamError } from '../openai/errors.js';
import { decodeCompletionsRequest } from './decode-request.js';
import { encodeCompletionsBody, encodeCompletionsStream } from './encode.js';

export const openAiCompletionsCodec: Codec<OpenAiWire> = {
  provider: 'openai',
  ids: { response: 'cmpl-', toolCall: 'call_' },
  decode: decodeCompletionsRequest,
  framing: () => 'sse',
  encodeBody: (answer, meta) => encodeCompletionsBody(answer, meta),
  encodeStream: (parts, meta, decoded) => encodeCompletionsStream(parts, meta, decoded.wire),
  encodeStreamError: (err) => [openAiStreamError(err)],
  encodeError: encodeOpenAiError,
};
