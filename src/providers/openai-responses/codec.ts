/**
 * POST /v1/responses. `createResponsesCodec` builds the codec for another route serving the
 * same wire format with its own provider name and model source (Azure's
 * `/openai/deployments/{deployment}/responses` takes the model from the path).
 */
import type { Codec } from '../codec.js';
import type { ProviderName } from '../../canonical/request.js';
import { encodeOpenAiError, openAiErrorType } from '../openai/errors.js';
import { decodeResponsesRequest, modelFromBody, type ModelSource, type ResponsesWire } from './decode-request.js';
import { encodeResponsesBody } from './encode-response.js';
import { encodeResponsesStream } from './encode-stream.js';
import { responseObject } from './response-object.js';

export interface ResponsesCodecOptions {
  /** What `provider:` in a fixture names this route as. Default `responses`. */
  provider?: ProviderName;
  /** Where the model comes from. Default: the body's `model`. */
  model?: ModelSource;
}

/**
 * @example createResponsesCodec({ provider: 'azure', model: (_body, ctx) => ctx.params.deployment })
 */
export function createResponsesCodec(options: ResponsesCodecOptions = {}): Codec<ResponsesWire> {
  const source = { provider: options.provider ?? 'responses', model: options.model ?? modelFromBody };
  return {
    provider: source.provider,
    ids: { response: 'resp_', toolCall: 'call_' },
    decode: (body, ctx) => decodeResponsesRequest(body, ctx, source),
    framing: () => 'sse',
    encodeBody: (answer, meta, decoded) => encodeResponsesBody(answer, meta, decoded.wire),
    encodeStream: (parts, meta, decoded) => encodeResponsesStream(parts, meta, decoded.wire),
    encodeStreamError: (err, meta, decoded) => {
      // An `error` event, then `response.failed`; numbered on from the last event written. The
      // error's fields are sent both flat (as the API reference documents the event) and nested
      // under `error` (as the live API sends them): the openai SDKs raise an APIError on the
      // nested object, and clients written against the reference still find the flat fields.
      const { wire } = decoded;
      const { type, code: tableCode } = openAiErrorType(err.status);
      const code = tableCode ?? 'server_error';
      const failed = JSON.stringify(responseObject(meta, wire.echo, { status: 'failed', error: { code, message: err.message }, output: [], usage: null }));
      wire.store?.put(meta.id, failed);
      const { written } = wire;
      return [
        { event: 'error', data: '', encode: () => JSON.stringify({ type: 'error', sequence_number: written.seq + 1, code, message: err.message, param: err.param ?? null, error: { type, code, message: err.message, param: err.param ?? null } }) },
        { event: 'response.failed', data: '', encode: () => `{"type":"response.failed","sequence_number":${written.seq + 2},"response":${failed}}` },
      ];
    },
    encodeError: encodeOpenAiError,
  };
}

export const responsesCodec = createResponsesCodec();
