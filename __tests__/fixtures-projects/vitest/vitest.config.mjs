// A vitest project: globals on (so useLlmposter() finds the hooks itself), and one server for
// the run started by global setup (vitest's shape: a default function returning the teardown).
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  // Vite's cache outside the repository (it would go to ./node_modules/.vite).
  cacheDir: join(tmpdir(), 'llmposter-vitest-project-cache'),
  test: {
    globals: true,
    include: ['*.test.mjs'],
    globalSetup: ['./global-setup.mjs'],
  },
});
