/** POST /v1/chat/completions */
import type { Codec } from '../codec.js';
import type { OpenAiWire } from '../openai/decode-common.js';
import { encodeOpenAiError, openAiStreamError } from '../openai/errors.js';
import { decodeChatRequest } from './decode-request.js';
import { encodeChatBody } from './encode-response.js';
import { encodeChatStream } from './encode-stream.js';

export const openAiChatCodec: Codec<OpenAiWire> = {
  provider: 'openai',
  ids: { response: 'chatcmpl-', toolCall: 'call_' },
  decode: decodeChatRequest,
  framing: () => 'sse',
  encodeBody: (answer, meta, decoded) => encodeChatBody(answer, meta, decoded.wire),
  encodeStream: (parts, meta, decoded) => encodeChatStream(parts, meta, decoded.wire),
  encodeStreamError: (err) => [openAiStreamError(err)],
  encodeError: encodeOpenAiError,
};
