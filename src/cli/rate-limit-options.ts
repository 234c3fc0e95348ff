/** `--rpm`, `--tpm` and `--rate-limits FILE`: the flags give the default, the file can add per-model limits. */
import type { Command } from 'commander';
import { intOption } from './parse.js';
import { loadRateLimitsFile, RateLimitConfigError, type RateLimitsConfig } from '../rate-limit/config.js';

export function addRateLimitOptions(cmd: Command): void {
  cmd
    .option('--rpm <n>', 'requests per minute per API key (429 beyond; rate-limit headers on every response)', intOption('--rpm', 1))
    .option('--tpm <n>', 'tokens per minute per API key (prompt + max output tokens)', intOption('--tpm', 1))
    .option('--rate-limits <file>', 'YAML file with default and per-model limits: {default: {rpm, tpm}, models: {gpt-4o: {rpm, tpm}}}');
}

/**
 * The limits the flags ask for, or undefined for none; `--rpm`/`--tpm` win over the file's
 * `default`. Throws RateLimitConfigError for a bad file.
 */
export function rateLimitsFromOptions(opts: { rpm?: number; tpm?: number; rateLimits?: string }): RateLimitsConfig | undefined {
  if (opts.rpm === undefined && opts.tpm === undefined && opts.rateLimits === undefined) return undefined;
  const config: RateLimitsConfig = opts.rateLimits !== undefined ? loadRateLimitsFile(opts.rateLimits) : {};
  const flags = { ...(opts.rpm !== undefined && { rpm: opts.rpm }), ...(opts.tpm !== undefined && { tpm: opts.tpm }) };
  return { ...config, default: { ...config.default, ...flags } };
}

export { RateLimitConfigError };
