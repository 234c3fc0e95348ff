// A CommonJS TypeScript file using llmposter/testing: type-checked (not run) by
// test-runner-projects.test.ts. The types must come with require() as with import.
import type { FixtureObject, JournalEntry, LlmposterHandle, UseLlmposterOptions } from 'llmposter/testing';
import testing = require('llmposter/testing');

const options: UseLlmposterOptions = { env: true, keepFixtures: false };
const fixture: FixtureObject = { match: { user_message: 'hi' }, response: { content: 'Hello!' } };
export function check(llm: LlmposterHandle): JournalEntry | undefined {
  llm.addFixtures(fixture);
  return llm.lastRequest({ model: 'gpt-4o' });
}
export const start = () => testing.useLlmposter(options);
export const isNotStarted = (e: unknown): e is testing.ServerNotStartedError => e instanceof testing.ServerNotStartedError;
