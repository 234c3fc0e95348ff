// Jest runs our TypeScript as native ESM (node --experimental-vm-modules, see package.json
// "test"), because lowdb and chokidar 5 are ESM-only. ts-jest only transpiles (isolatedModules);
// `npm run typecheck` / the build does the type checking.
export default {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: { '^.+\\.ts$': ['ts-jest', { useESM: true }] },
  testMatch: ['<rootDir>/__tests__/**/*.test.ts'],
  testTimeout: 20000,
};
