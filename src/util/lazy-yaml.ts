/**
 * The yaml package, loaded on first use by the modules `llmposter --help` and `--version` also
 * load (chaos and rate-limit config files, presets, the model catalogue): those commands read
 * no YAML, and yaml's seventy-odd CommonJS files were about 40 ms of their start-up. A
 * synchronous require, since yaml is CommonJS under Node and the callers are synchronous; it is
 * the same module instance an `import ... from 'yaml'` elsewhere gets.
 */
import { createRequire } from 'node:module';

type Yaml = typeof import('yaml');

let loaded: Yaml | undefined;

export function yaml(): Yaml {
  loaded ??= createRequire(import.meta.url)('yaml') as Yaml;
  return loaded;
}
