/**
 * `GET /code/{status}`: the original llmposter's quick fault endpoint. Answers that status in
 * OpenAI's error shape (a 429 with its rate-limit headers) without writing a fixture, for a
 * health check or a retry test that only needs "the server said 503".
 */
import { encodeOpenAiError } from '../providers/openai/errors.js';
import { parseIntIn } from '../util/parse-int.js';
import type { RouteHandler } from './route-table.js';

export const statusCodeRoute: RouteHandler = (_req, res, ctx) => {
  let status: number;
  let message: string;
  try {
    status = parseIntIn(ctx.params.status, { name: 'the status in /code/{status}', min: 400, max: 599 });
    message = `Simulated ${status} error (GET /code/${status}).`;
  } catch (err) {
    status = 400;
    message = (err as Error).message;
  }
  const e = encodeOpenAiError({ status, message });
  res.writeHead(e.status, { ...e.headers, 'x-request-id': ctx.requestId, 'content-length': String(Buffer.byteLength(e.body)) });
  res.end(e.body);
};
