/**
 * LLMSim's latency profiles: how long a model takes to its first token (TTFT) and between
 * tokens (TBT), as the mean and standard deviation of a normal distribution, in milliseconds.
 * A profile is fixed by name (`--profile gpt-4o`, a fixture's `streaming: {profile}`) or picked
 * from the request's model id (`--profile auto`, see `profileForModel`).
 */
import { memoByString } from '../util/string-cache.js';

/** A normal distribution in ms; samples are clamped at >= 1 ms, and a mean of 0 means no delay. */
export interface Distribution {
  mean: number;
  stddev: number;
}

export interface LatencyProfile {
  /** Time to first token. */
  ttft: Distribution;
  /** Time between tokens. */
  tbt: Distribution;
}

const profile = (ttftMean: number, ttftStd: number, tbtMean: number, tbtStd: number): LatencyProfile => ({
  ttft: { mean: ttftMean, stddev: ttftStd },
  tbt: { mean: tbtMean, stddev: tbtStd },
});

/** LLMSim's table, in its order (the order also breaks ties between equally specific matches). */
export const PROFILES = {
  'gpt-4': profile(800, 200, 50, 15),
  'gpt-4o': profile(400, 100, 25, 8),
  'gpt-5': profile(600, 150, 40, 12),
  'gpt-5-mini': profile(300, 80, 20, 6),
  'o-series': profile(2000, 500, 30, 10),
  'claude-opus': profile(1000, 250, 60, 20),
  'claude-sonnet': profile(500, 120, 30, 10),
  'claude-haiku': profile(200, 50, 15, 5),
  'gemini-pro': profile(600, 150, 35, 10),
  'gemini-flash': profile(200, 50, 15, 5),
  deepseek: profile(500, 120, 30, 10),
  'deepseek-reasoner': profile(1500, 400, 25, 8),
  instant: profile(0, 0, 0, 0),
  fast: profile(10, 2, 1, 0),
} as const satisfies Record<string, LatencyProfile>;

export type ProfileName = keyof typeof PROFILES;

export const PROFILE_NAMES = Object.keys(PROFILES) as ProfileName[];

/** What a model id no profile matches gets under `--profile auto`. */
export const DEFAULT_PROFILE: ProfileName = 'gpt-4o';

export function isProfileName(name: string): name is ProfileName {
  return Object.prototype.hasOwnProperty.call(PROFILES, name);
}

/** The profile names, for error messages. */
export function profileList(): string {
  return PROFILE_NAMES.join(', ');
}

/** Lower-case words of a model id: `models/gemini-2.5-flash` -> [models, gemini, 2, 5, flash]. */
function words(id: string): string[] {
  return id.toLowerCase().split(/[^a-z0-9]+/).filter((w) => w.length > 0);
}

/** Profiles matched by their words (all but `o-series`, `instant` and `fast`), most words first. */
const BY_WORDS: Array<[ProfileName, string[]]> = PROFILE_NAMES.filter((n) => n !== 'o-series' && n !== 'instant' && n !== 'fast')
  .map((n): [ProfileName, string[]] => [n, words(n)])
  // Stable sort: equally long names keep the table's order.
  .sort((a, b) => b[1].length - a[1].length);

/** True when every word of `wanted` appears in `have`, in that order (other words may come between). */
function inOrder(wanted: readonly string[], have: readonly string[]): boolean {
  let at = 0;
  for (const w of have) if (w === wanted[at] && ++at === wanted.length) return true;
  return false;
}

/** OpenAI's reasoning models: `o1`, `o3-mini`, `o4-mini-2025-04-16` ... (a word `o` + digits). */
const O_SERIES = /^o\d+$/;

/**
 * The profile for a model id, the most specific match:
 * - the id `instant` or `fast` (exactly) picks that profile;
 * - an id with a word like `o1`, `o3`, `o4` picks `o-series`;
 * - otherwise the profile whose name's words appear in the id's words in the same order, the
 *   one with the most words winning (`deepseek-reasoner` over `deepseek`, `gpt-5-mini` over
 *   `gpt-5`); words are what lies between `-`, `.`, `/`, `_` ... so `gpt-4o-mini` is gpt-4o (not
 *   gpt-4: `4o` is not `4`) and `gemini-2.5-flash` is gemini-flash;
 * - nothing matches: `DEFAULT_PROFILE` (gpt-4o).
 * Results are cached per id (a handful of models per run; ids over 256 characters are not kept).
 * @example profileForModel('claude-sonnet-4-6') // 'claude-sonnet'
 */
export const profileForModel: (model: string) => ProfileName = memoByString((model) => match(model), 1024, 256);


function match(model: string): ProfileName {
  const id = model.trim().toLowerCase();
  if (id === 'instant' || id === 'fast') return id;
  const have = words(id);
  if (have.some((w) => O_SERIES.test(w))) return 'o-series';
  for (const [name, wanted] of BY_WORDS) if (inOrder(wanted, have)) return name;
  return DEFAULT_PROFILE;
}
