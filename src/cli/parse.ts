/** Option parsers that turn bad CLI input into one clear line and exit code 2. */
import { InvalidArgumentError } from 'commander';
import { parseGeneratorKind } from '../generate/generator-spec.js';
import { serverPacing } from '../pacing/options.js';
import { parseSeed } from '../random/rng.js';
import { parseIntIn } from '../util/parse-int.js';
import { checkHost, parseBind, type BindAddress } from './bind-address.js';

export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

/** commander reports an InvalidArgumentError as "option '--x <n>' argument '...' is invalid. <message>". */
function asArgumentError<T>(parse: () => T): T {
  try {
    return parse();
  } catch (err) {
    throw new InvalidArgumentError((err as Error).message);
  }
}

export function intOption(name: string, min: number, max?: number) {
  return (raw: string): number => asArgumentError(() => parseIntIn(raw, { name, min, max }));
}

export function seedOption(raw: string): number {
  return asArgumentError(() => parseSeed(raw, '--seed'));
}

export function bindOption(raw: string): BindAddress {
  return asArgumentError(() => parseBind(raw));
}

export function hostOption(raw: string): string {
  return asArgumentError(() => checkHost(raw.trim(), '--host'));
}

/** `--generate lorem`, `--generate fixed:Hello` (checked now; kept as written). */
export function generatorOption(raw: string): string {
  asArgumentError(() => parseGeneratorKind(raw));
  return raw;
}

/** `--profile`: `auto` or a latency profile's name (the error lists them). */
export function profileOption(raw: string): string {
  return asArgumentError(() => serverPacing({ profile: raw.trim() }).profile);
}

/** A number >= 0 (milliseconds, rates). */
export function nonNegativeNumberOption(name: string) {
  return (raw: string): number =>
    asArgumentError(() => {
      const n = raw.trim() === '' ? NaN : Number(raw);
      if (!(Number.isFinite(n) && n >= 0)) throw new Error(`${name} must be a number >= 0, got ${JSON.stringify(raw)}`);
      return n;
    });
}
