/**
 * `POST /v1beta/models/{model}:countTokens` (and under `/v1`): HTTP glue only. It is not a codec
 * route because it matches no fixture and has nothing to plan or stream: the engine, seeds and
 * faults have no say in it, so it reads the body, asks the Gemini folder's `countGeminiTokens`
 * and writes the answer (or the error in Google's shape) at once.
 */
import { parseJsonBody } from '../http/json-body.js';
import { readBody } from '../http/read-body.js';
import type { Logger } from '../log/logger.js';
import { countGeminiTokens } from '../providers/gemini/count-tokens.js';
import { encodeGeminiError } from '../providers/gemini/errors.js';
import { failRequest } from './internal-error.js';
import type { RouteHandler } from './route-table.js';

export function geminiCountTokensRoute(deps: { maxBodyBytes: number; logger: Logger }): RouteHandler {
  return (req, res, ctx) => {
    readBody(req, deps.maxBodyBytes, (read) => {
      try {
        const parsed = parseJsonBody(read, deps.maxBodyBytes);
        if (!parsed.ok && parsed.aborted) return;
        const headers: Record<string, string> = { 'x-request-id': ctx.requestId };
        let status = 200;
        let body: string;
        if (!parsed.ok) {
          if (parsed.closeConnection) headers.connection = 'close';
          ({ status, body } = encodeGeminiError({ status: parsed.status, message: parsed.message }));
        } else {
          const r = countGeminiTokens(parsed.json);
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

