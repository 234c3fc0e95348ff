/**
 * One error shape for the whole jobs API. It carries dummyLLM's `{code, message}` (the same
 * pair a failed job reports in its `error` field) plus OpenAI's `type` and `param`, so it
 * reads like every other llmposter error.
 */
import type { Response } from 'express';
import { openAiErrorType } from '../providers/openai/errors.js';

export type JobsErrorCode =
  | 'BAD_REQUEST'
  | 'INVALID_JSON'
  | 'PAYLOAD_TOO_LARGE'
  | 'NOT_FOUND'
  | 'METHOD_NOT_ALLOWED'
  | 'QUEUE_FULL'
  | 'SHUTTING_DOWN'
  | 'STORE_UNAVAILABLE'
  | 'INTERNAL';

export interface JobsErrorBody {
  error: { code: JobsErrorCode; message: string; type: string; param: string | null };
}

/**
 * Build an error body.
 * @example jobsError('NOT_FOUND', "job 'job_1' not found") // { error: { code: 'NOT_FOUND', message: ..., type: 'not_found_error', param: null } }
 */
export function jobsError(code: JobsErrorCode, message: string, status = statusOf(code), param: string | null = null): JobsErrorBody {
  return { error: { code, message, type: openAiErrorType(status).type, param } };
}

/** The HTTP status each code is sent with. @example statusOf('QUEUE_FULL') // 429 */
export function statusOf(code: JobsErrorCode): number {
  switch (code) {
    case 'BAD_REQUEST':
    case 'INVALID_JSON':
      return 400;
    case 'NOT_FOUND':
      return 404;
    case 'METHOD_NOT_ALLOWED':
      return 405;
    case 'PAYLOAD_TOO_LARGE':
      return 413;
    case 'QUEUE_FULL':
      return 429;
    case 'SHUTTING_DOWN':
    case 'STORE_UNAVAILABLE':
      return 503;
    case 'INTERNAL':
      return 500;
  }
}

/**
 * Send an error.
 * @example sendJobsError(res, 'BAD_REQUEST', "missing 'op'", 'op')
 */
export function sendJobsError(res: Response, code: JobsErrorCode, message: string, param: string | null = null): void {
  const status = statusOf(code);
  res.status(status).json(jobsError(code, message, status, param));
}
