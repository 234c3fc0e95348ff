/**
 * Neutral finish reasons in the Responses API's words. It has no finish word: a response is
 * `completed`, or `incomplete` with `incomplete_details.reason` (`max_output_tokens`,
 * `content_filter`). Tool calls and refusals complete normally.
 */
import type { Finish } from '../../canonical/answer.js';

export interface ResponsesStatus {
  status: 'completed' | 'incomplete';
  incompleteDetails: { reason: string } | null;
}

const COMPLETED: ResponsesStatus = { status: 'completed', incompleteDetails: null };

/**
 * @example responsesStatus({ reason: 'length' }) // { status: 'incomplete', incompleteDetails: { reason: 'max_output_tokens' } }
 */
export function responsesStatus(f: Finish): ResponsesStatus {
  switch (f.reason) {
    case 'length':
      return { status: 'incomplete', incompleteDetails: { reason: 'max_output_tokens' } };
    case 'content_filter':
      return { status: 'incomplete', incompleteDetails: { reason: 'content_filter' } };
    default:
      return COMPLETED;
  }
}
