/** POST /v1/messages (Anthropic Messages). */
import type { Codec } from '../codec.js';
import { decodeMessagesRequest, type AnthropicWire } from './decode-request.js';
import { encodeMessagesBody } from './encode-response.js';
import { encodeMessagesStream } from './encode-stream.js';
import { anthropicStreamError, encodeAnthropicError } from './errors.js';

export const anthropicCodec: Codec<AnthropicWire> = {
  provider: 'anthropic',
  ids: { response: 'msg_', toolCall: 'toolu_' },
  decode: decodeMessagesRequest,
  framing: () => 'sse',
  encodeBody: (answer, meta, decoded) => encodeMessagesBody(answer, meta, decoded.wire),
  encodeStream: (parts, meta, decoded) => encodeMessagesStream(parts, meta, decoded.wire),
  encodeStreamError: (err) => [anthropicStreamError(err)],
  encodeError: encodeAnthropicError,
  // Named, so the SDK tries to parse it (and fails, as a client should see) instead of skipping it.
  corruptEvent: { event: 'message_start', data: 'overloaded' },
};
