/**
 * The ajv options the fixture schema is compiled with: shared by the run-time compile
 * (schema.ts) and the build step that pre-compiles it (scripts/build-fixture-validator.mjs),
 * so both validators accept, reject and word errors alike.
 */
export const FIXTURE_AJV_OPTIONS = { allErrors: true, verbose: true, strict: true, allowUnionTypes: true } as const;
