/**
 * The last resort for a bug on the data plane: log it, then answer a clean 500 in OpenAI's
 * shape if nothing was sent yet, or drop the connection if a response was half written.
 * The server itself keeps serving.
 */
import type { ServerResponse } from 'node:http';
import type { Logger } from '../log/logger.js';
import { encodeOpenAiError } from '../providers/openai/errors.js';

export function failRequest(res: ServerResponse, requestId: string, logger: Logger, path: string, err: unknown): void {
  logger.error('request failed', { path, error: (err as Error)?.stack ?? String(err) });
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const e = encodeOpenAiError({ status: 500, message: 'llmposter internal error (see server log)' });
  res.writeHead(e.status, { ...e.headers, 'x-request-id': requestId });
  res.end(e.body);
}
