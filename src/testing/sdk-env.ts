/**
 * The environment variables the official SDKs read when a client is created without a base URL
 * or a key, so that `new OpenAI()`, `new Anthropic()` and `new GoogleGenAI({})` reach llmposter
 * untouched:
 * - `openai` reads `OPENAI_BASE_URL` (the API root, `/v1` included) and needs `OPENAI_API_KEY`;
 * - `@anthropic-ai/sdk` reads `ANTHROPIC_BASE_URL` (the host: it appends `/v1/messages`) and
 *   `ANTHROPIC_API_KEY` (without one, requests fail for want of credentials);
 * - `@google/genai` reads `GOOGLE_GEMINI_BASE_URL` (the host: it appends `/v1beta/...`) and
 *   `GOOGLE_API_KEY` or `GEMINI_API_KEY`.
 * Keys already set are left alone (llmposter ignores them and the journal masks them); missing
 * ones get a placeholder so that the SDK constructors do not throw.
 */

/** What a key that llmposter does not check is set to. */
export const PLACEHOLDER_API_KEY = 'llmposter-test-key';

/** The variables `env: true` sets for a server at `url` (`http://127.0.0.1:PORT`). */
export function sdkEnv(url: string, current: Record<string, string | undefined>): Record<string, string> {
  const vars: Record<string, string> = {
    OPENAI_BASE_URL: `${url}/v1`,
    ANTHROPIC_BASE_URL: url,
    GOOGLE_GEMINI_BASE_URL: url,
  };
  if (!current.OPENAI_API_KEY) vars.OPENAI_API_KEY = PLACEHOLDER_API_KEY;
  if (!current.ANTHROPIC_API_KEY && !current.ANTHROPIC_AUTH_TOKEN) vars.ANTHROPIC_API_KEY = PLACEHOLDER_API_KEY;
  if (!current.GOOGLE_API_KEY && !current.GEMINI_API_KEY) vars.GEMINI_API_KEY = PLACEHOLDER_API_KEY;
  return vars;
}

/**
 * Set `vars` in `env` and return a function that puts back what was there before (deleting
 * what was unset), once.
 */
export function setEnv(env: Record<string, string | undefined>, vars: Record<string, string>): () => void {
  const before = new Map<string, string | undefined>();
  for (const [name, value] of Object.entries(vars)) {
    before.set(name, env[name]);
    env[name] = value;
  }
  let restored = false;
  return () => {
    if (restored) return;
    restored = true;
    for (const [name, value] of before) {
      if (value === undefined) delete env[name];
      else env[name] = value;
    }
  };
}
