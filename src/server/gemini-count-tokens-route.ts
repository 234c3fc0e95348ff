/**
 * `POST /v1beta/models/{model}:countTokens` (and under `/v1`): HTTP glue only. It is not a codec
 * route because it matches no fixture and has nothing to plan or stream: the engine, seeds and
 * faults have no say in it, so it reads the body, asks the Gemini folder's `countGeminiTokens`
 * and writes the answer (or the error in Google's shape) at once.
 */
import { jsonTextTooDeep, jsonTooDeepMessage } from '../http/json-depth.js';
import { readBody } from '../http/read-body.js';
import type { Logger } from '../log/logger.js';
import { countGeminiTokens, type CountTokensResult } from '../providers/gemini/count-tokens.js';
import { encodeGeminiError } from '../providers/gemini/errors.js';
import { failRequest } from './internal-error.js';
import type { RouteHandler } from './route-table.js';

export function geminiCountTokensRoute(deps: { maxBodyBytes: number; logger: Logger }): RouteHandler {
  return (req, res, ctx) => {
    readBody(req, deps.maxBodyBytes, (read) => {
      try {
        if (!read.ok && read.reason === 'aborted') return;
        const headers: Record<string, string> = { 'x-request-id': ctx.requestId };
        let status = 200;
        let body: string;
        if (!read.ok) {
          headers.connection = 'close';
          ({ status, body } = encodeGeminiError({ status: 413, message: `Request body is larger than the ${deps.maxBodyBytes}-byte limit (--max-body-bytes).` }));
        } else if (jsonTextTooDeep(read.body)) {
          ({ status, body } = encodeGeminiError({ status: 400, message: `The ${jsonTooDeepMessage()}.` }));
        } else {
          const r = countBody(read.body.toString('utf8'));
          if (r.ok) body = r.body;
          else ({ status, body } = encodeGeminiError(r.error));
        }
        res.writeHead(status, { ...headers, 'content-type': 'application/json; charset=UTF-8', 'content-length': String(Buffer.byteLength(body)) });
        res.end(body);
      } catch (err) {
        failRequest(res, ctx.requestId, deps.logger, req.url ?? '', err);
      }
    });
  };
}

function countBody(text: string): CountTokensResult {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    return { ok: false, error: { status: 400, message: `Invalid JSON payload received. ${(err as Error).message}` } };
  }
  return countGeminiTokens(json);
}
