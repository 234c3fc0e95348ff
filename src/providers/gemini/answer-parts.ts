/**
 * Pieces the body and stream encoders share: a tool call as a `functionCall` part, and the
 * candidate fields that say why the answer ended.
 *
 * Gemini sends each function call whole, its arguments as an object (`args`), never as text.
 * A fixture's `arguments` written as a string is parsed: a JSON object is sent as that object;
 * anything else (malformed JSON, an array, a number) is what the real API reports as a
 * malformed function call: the call is left out and the candidate ends with
 * `finishReason: MALFORMED_FUNCTION_CALL` and a `finishMessage` quoting the call.
 */
import type { Finish } from '../../canonical/answer.js';
import { geminiFinishReason } from './finish-reason.js';

/** The `functionCall` part's JSON text, or null when the arguments are not a JSON object. */
export function functionCallPart(name: string, argumentsJson: string): string | null {
  let args: unknown;
  try {
    args = JSON.parse(argumentsJson);
  } catch {
    return null;
  }
  if (typeof args !== 'object' || args === null || Array.isArray(args)) return null;
  // Re-serialised: compact, and no raw line break from the fixture's text can reach an SSE frame.
  return `{"functionCall":{"name":${JSON.stringify(name)},"args":${JSON.stringify(args)}}}`;
}

/** The `finishMessage` for calls left out as malformed. */
export function malformedMessage(calls: ReadonlyArray<{ name: string; argumentsJson: string }>): string {
  return `Malformed function call: ${calls.map((c) => `${c.name}(${c.argumentsJson})`).join(', ')}`;
}

/** What a blocked candidate carries besides `finishReason: SAFETY`. */
const SAFETY_RATINGS = '[{"category":"HARM_CATEGORY_DANGEROUS_CONTENT","probability":"HIGH","blocked":true}]';

export interface FinishFields {
  /** `,"finishReason":"STOP"` and, when there is one, `,"finishMessage":"..."`. */
  reason: string;
  /** `,"safetyRatings":[...]` for a safety stop, else ''. */
  safety: string;
}

/**
 * @example finishFields({ reason: 'refusal' }, 'No.') // { reason: ',"finishReason":"SAFETY","finishMessage":"No."', safety: ',"safetyRatings":[...]' }
 */
export function finishFields(finish: Finish, message: string | undefined, malformed: boolean): FinishFields {
  const word = malformed ? 'MALFORMED_FUNCTION_CALL' : geminiFinishReason(finish);
  const reason = `,"finishReason":${JSON.stringify(word)}` + (message === undefined ? '' : `,"finishMessage":${JSON.stringify(message)}`);
  return { reason, safety: word === 'SAFETY' ? `,"safetyRatings":${SAFETY_RATINGS}` : '' };
}
