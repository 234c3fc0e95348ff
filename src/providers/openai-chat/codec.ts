import type { Codec } from '../codec.js';
import { encodeOpenAiError } from '../openai/errors.js';
import { decodeChatRequest } from './decode-request.js';
import { encodeChatBody } from './encode-response.js';
import { encodeChatStream } from './encode-stream.js';

/** POST /v1/chat/completions */
export const openAiChatCodec: Codec = {
  provider: 'openai',
  surface: 'openai-chat',
  idPrefix: 'chatcmpl-',
  decode: decodeChatRequest,
  encodeBody: encodeChatBody,
  encodeStream: encodeChatStream,
  encodeError: encodeOpenAiError,
};
