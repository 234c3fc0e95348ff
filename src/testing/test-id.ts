/**
 * Per-test isolation on one shared server: each test sends its own `x-llmposter-test-id`, which
 * tags its journal entries (`requests({ testId })`, `GET /admin/requests?test_id=`) and which
 * fixtures can match (`match: { headers: { x-llmposter-test-id: checkout } }`).
 */
export const TEST_ID_HEADER = 'x-llmposter-test-id';

/**
 * Headers for an SDK client's `defaultHeaders` (OpenAI, Anthropic) or `httpOptions.headers`
 * (Gemini) that tag its requests with `testId`.
 * @example new OpenAI({ defaultHeaders: testIdHeaders('checkout') })
 */
export function testIdHeaders(testId: string): Record<string, string> {
  if (typeof testId !== 'string' || testId.trim() === '') throw new TypeError(`testIdHeaders: the test id must be a non-empty string, got ${JSON.stringify(testId)}`);
  return { [TEST_ID_HEADER]: testId };
}
