/**
 * `GET /v1/responses/{id}`: a response this server answered with `store` on (the default), as
 * its body was (for a stream, the finished response), from the server's bounded store; a 404 in
 * OpenAI's error shape for an id it does not hold (never sent, `store: false`, or dropped as
 * older than the last 1,000). Replaying a stored stream (`?stream=true`) is not served: a 400.
 */
import type { ServerResponse } from 'node:http';
import type { EncodedError, ResponseStore } from '../providers/codec.js';
import { encodeOpenAiError } from '../providers/openai/errors.js';
import type { RouteHandler } from './route-table.js';

function send(res: ServerResponse, requestId: string, { status, headers, body }: EncodedError): void {
  res.writeHead(status, { ...headers, 'x-request-id': requestId, 'content-length': String(Buffer.byteLength(body)) });
  res.end(body);
}

/** @example table.add('GET', '/v1/responses/{id}', responsesStoreRoute(store)) */
export function responsesStoreRoute(store: ResponseStore): RouteHandler {
  return (_req, res, ctx) => {
    if (new URLSearchParams(ctx.search).get('stream') === 'true') {
      const message = 'llmposter does not replay stored response streams: retrieve the response without stream=true.';
      return send(res, ctx.requestId, encodeOpenAiError({ status: 400, message, param: 'stream' }));
    }
    const body = store.get(ctx.params.id);
    if (body === undefined) return send(res, ctx.requestId, encodeOpenAiError({ status: 404, message: `Response with id '${ctx.params.id}' not found.` }));
    send(res, ctx.requestId, { status: 200, headers: { 'content-type': 'application/json' }, body });
  };
}
