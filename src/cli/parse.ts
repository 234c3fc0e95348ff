/** Option parsers that turn bad CLI input into one clear line and exit code 2. */
import { InvalidArgumentError } from 'commander';
import { parseSeed } from '../random/rng.js';

export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

export function intOption(name: string, min: number, max = Number.MAX_SAFE_INTEGER) {
  return (raw: string): number => {
    if (!/^\d+$/.test(raw.trim()) || Number(raw) < min || Number(raw) > max) {
      throw new InvalidArgumentError(`${name} must be an integer from ${min} to ${max}.`);
    }
    return Number(raw);
  };
}

export function seedOption(raw: string): number {
  try {
    return parseSeed(raw, '--seed');
  } catch (err) {
    throw new InvalidArgumentError((err as Error).message);
  }
}
