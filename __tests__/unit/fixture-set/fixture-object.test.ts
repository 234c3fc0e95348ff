/**
 * The typed fixture objects (`FixtureObject` and friends) against `schemas/fixture.schema.json`:
 * every object the schema describes has a type, with the same keys and the same required ones
 * (the compiler holds FIXTURE_OBJECT_KEYS to the types; this holds it to the schema), and a
 * fixture written with the types loads.
 */
import { describe, expect, it } from '@jest/globals';
import { FIXTURE_OBJECT_KEYS, type FixtureFileObject } from '../../../src/fixture-set/fixture-object.js';
import { fixtureSchema, type JsonSchema } from '../../../src/fixture-set/schema.js';
import { loadFixturesFromObject } from '../../../src/fixture-set/load.js';
import { PROVIDER_NAMES } from '../../../src/canonical/request.js';
import { PROFILE_NAMES } from '../../../src/pacing/profiles.js';

type Node = JsonSchema & { required?: string[]; items?: Node; enum?: unknown[] };
const defs = fixtureSchema.definitions as Record<string, Node>;
const props = (n: Node) => n.properties as Record<string, Node>;

/** Where each entry of FIXTURE_OBJECT_KEYS sits in the schema. */
const SCHEMA_OBJECTS: Record<keyof typeof FIXTURE_OBJECT_KEYS, Node> = {
  file: fixtureSchema as Node,
  fixture: defs.fixture,
  sequenceItem: defs.sequenceItem,
  match: defs.match,
  temperature: props(defs.match).temperature,
  countRange: defs.countRange,
  pattern: defs.pattern,
  response: defs.response,
  generate: props(defs.response).generate,
  toolCall: props(defs.response).tool_calls.items!,
  streaming: defs.streaming,
  latencyDistribution: defs.latencyDistribution,
  failure: defs.failure,
  streamError: props(defs.failure).stream_error,
  error: defs.error,
  usage: defs.usage,
  raw: defs.raw,
  rawChunk: props(defs.raw).chunks.items!,
  refusal: defs.refusal,
  scenario: defs.scenario,
};

/** Every schema node that lists `properties`: each one is an object a fixture can hold. */
function objectNodes(node: unknown, out: Set<unknown> = new Set()): Set<unknown> {
  if (Array.isArray(node)) node.forEach((n) => objectNodes(n, out));
  else if (node && typeof node === 'object') {
    if ('properties' in node) out.add(node);
    Object.values(node).forEach((n) => objectNodes(n, out));
  }
  return out;
}

describe('typed fixture objects match the JSON schema', () => {
  it('every object in the schema has a type', () => {
    const covered = new Set<unknown>(Object.values(SCHEMA_OBJECTS));
    const missing = [...objectNodes(fixtureSchema)].filter((n) => !covered.has(n)).map((n) => Object.keys((n as Node).properties ?? {}).join(','));
    expect(missing).toEqual([]);
  });

  it.each(Object.keys(FIXTURE_OBJECT_KEYS) as Array<keyof typeof FIXTURE_OBJECT_KEYS>)('%s: same keys, same required keys', (name) => {
    const schema = SCHEMA_OBJECTS[name];
    const rules: Record<string, string> = FIXTURE_OBJECT_KEYS[name];
    expect(Object.keys(rules).sort()).toEqual(Object.keys(schema.properties ?? {}).sort());
    expect(Object.keys(rules).filter((k) => rules[k] === 'required').sort()).toEqual([...(schema.required ?? [])].sort());
  });

  it('the closed word lists (provider, latency profile) are the same', () => {
    expect(props(defs.fixture).provider.enum).toEqual([...PROVIDER_NAMES]);
    expect(props(defs.streaming).profile.enum).toEqual([...PROFILE_NAMES]);
  });

  it('a fixture file written with the types loads', () => {
    const file: FixtureFileObject = {
      fixtures: [
        {
          name: 'typed',
          match: { user_message: { contains: 'weather', ignore_case: true }, model: 'gpt-4o', message_count: { min: 1 }, temperature: 0, headers: { 'x-test': 'a' } },
          response: { content: 'Sunny', finish_reason: 'stop', usage: { input_tokens: 3 } },
          streaming: { chunk_size: 2, ttft_ms: { mean: 0 } },
          failure: { stream_error: { after_frames: 1, status: 500 } },
          priority: 2,
        },
        { provider: 'anthropic', sequence: [{ error: { status: 429, headers: { 'retry-after': 1 } } }, { refusal: { reason: 'no' } }], times: 3 },
        { scenario: { name: 's', required_state: '', set_state: 'x' }, response: { tool_calls: [{ name: 'f', arguments: { a: 1 } }] } },
        { raw: { stream: false, status: 200, chunks: [{ at_ms: 0, data: '{}' }] }, response: { content: 'streamed' }, catch_all: true },
      ],
    };
    const set = loadFixturesFromObject(file, 'typed');
    expect(set.fixtures.map((f) => f.id)).toEqual(['typed#0', 'typed#1', 'typed#2', 'typed#3']);
  });
});
