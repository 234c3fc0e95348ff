/**
 * Whether this llmposter's fixture schema has the replay keys a recording can fill in:
 * `response.usage` (token counts) and `raw` (verbatim frames for `--record-exact`). A recording
 * writes them only when the loader will take them, so a recorded file always loads.
 */
import { fixtureSchema } from '../fixture-set/schema.js';

type Props = { properties?: Record<string, unknown> };
const defs = (fixtureSchema.definitions ?? {}) as Record<string, Props>;

export const SCHEMA_HAS_USAGE = defs.response?.properties?.usage !== undefined;
export const SCHEMA_HAS_RAW = defs.fixture?.properties?.raw !== undefined;
