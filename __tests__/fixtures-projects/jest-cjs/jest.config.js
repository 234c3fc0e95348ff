// A CommonJS jest project, as most jest users have: no transform, no ESM flags. One server for
// the run (global setup, shared through LLMPOSTER_URL) besides the per-file ones.
module.exports = {
  testEnvironment: 'node',
  rootDir: __dirname,
  testMatch: ['<rootDir>/*.test.js'],
  transform: {},
  globalSetup: '<rootDir>/global-setup.js',
  globalTeardown: '<rootDir>/global-teardown.js',
};
