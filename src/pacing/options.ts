/**
 * The server's pacing from its options (`startServer({ pacing })`, `--profile`,
 * `--prompt-ms-per-1k-tokens`), checked once at start: a bad name or number is an error that
 * lists what is allowed, never a silent default.
 */
import type { ServerPacing } from './pacing.js';
import { isProfileName, profileList } from './profiles.js';

export interface PacingOptions {
  /** A profile name (`gpt-4o`, `claude-haiku` ...) or `auto` (by the request's model id). */
  profile: string;
  /** Add this many ms to the time to first token per 1,000 prompt tokens. Default 0. */
  promptMsPer1kTokens?: number;
}

/**
 * @example serverPacing({ profile: 'auto' }) // { profile: 'auto', promptMsPer1kTokens: 0 }
 * @throws Error naming the bad value and listing the profiles
 */
export function serverPacing(options: PacingOptions): ServerPacing {
  const { profile } = options;
  if (profile !== 'auto' && !isProfileName(profile)) {
    throw new Error(`unknown latency profile ${JSON.stringify(profile)}; use auto or one of: ${profileList()}`);
  }
  const prompt = options.promptMsPer1kTokens ?? 0;
  if (!(typeof prompt === 'number' && Number.isFinite(prompt) && prompt >= 0)) {
    throw new Error(`prompt ms per 1k tokens must be a number >= 0, got ${JSON.stringify(prompt)}`);
  }
  return { profile, promptMsPer1kTokens: prompt };
}
