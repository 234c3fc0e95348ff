// A vitest project: globals on (so useLlmposter() finds the hooks itself), and one server for
// the run started by global setup (vitest's shape: a default function returning the teardown).
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    globals: true,
    include: ['*.test.mjs'],
    globalSetup: ['./global-setup.mjs'],
  },
});
