import { describe, it, expect } from '@jest/globals';
import { compileTemplate, TemplateError } from '../../../src/fixture-set/template.js';
import type { TemplateContext } from '../../../src/fixture-set/types.js';

const ctx: TemplateContext = {
  user_message: 'hi there',
  model: 'gpt-4o',
  provider: 'openai',
  request: {
    model: 'gpt-4o',
    temperature: 0.5,
    messages: [
      { role: 'system', content: 'be nice' },
      { role: 'user', content: 'hi there' },
    ],
    metadata: { 'user-id': 'u1', nested: { a: [1, 2] } },
    empty: null,
  },
};

describe('compileTemplate', () => {
  it.each<[string, string]>([
    ['plain text', 'plain text'],
    ['You said {{ user_message }} to {{model}}', 'You said hi there to gpt-4o'],
    ['{{ provider }}', 'openai'],
    ['{{ request.messages[0].content }}', 'be nice'],
    ['{{ request.messages[-1].role }}', 'user'],
    ['{{ request.messages[-2].content }}', 'be nice'],
    ['{{ request.messages[5].content }}|', '|'],
    ['{{ request.messages[-3].content }}|', '|'],
    ['{{ request.metadata.user-id }}', 'u1'],
    ['{{ request.metadata["user-id"] }}', 'u1'],
    ['{{ request.temperature }}', '0.5'],
    ['{{ request.metadata.nested }}', '{"a":[1,2]}'],
    ['{{ request.empty }}', 'null'],
    ['[{{ request.missing.deeper }}]', '[]'],
    ['[{{ user_message.length }}]', '[]'], // strings are values, not containers
    ['{{ request.messages.length }}', '2'],
    ['a }} b', 'a }} b'],
    ['{{ request.toString }}|{{ request.hasOwnProperty }}', '|'],
  ])('%s', (source, expected) => {
    expect(compileTemplate(source).render(ctx)).toBe(expected);
  });

  it('keeps the source', () => {
    expect(compileTemplate('x {{ model }}').source).toBe('x {{ model }}');
  });

  it.each<[string, RegExp, number]>([
    ['hi {{ user_message', /unclosed "\{\{" at character 4/, 3],
    ['{{ }}', /empty placeholder/, 0],
    ['{{ secrets }}', /unknown variable "secrets"; a template can use user_message, model, provider, request/, 3],
    ['{{ request.__proto__ }}', /"__proto__" is not allowed/, 10],
    ['{{ request.constructor.name }}', /"constructor" is not allowed/, 10],
    ['{{ request["prototype"] }}', /"prototype" is not allowed/, 10],
    ['{{ request..x }}', /bad path "request\.\.x"/, 10],
    ['{{ request.messages[x] }}', /bad path/, 19],
    ['{{ process.env }}', /unknown variable "process"/, 3],
    ['{{ 1 + 1 }}', /expected a variable name/, 3],
    ['{{ a {{ b }}', /"\{\{" inside a placeholder/, 0],
  ])('rejects %s', (source, message, offset) => {
    let caught: unknown;
    try {
      compileTemplate(source);
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(TemplateError);
    expect((caught as TemplateError).message).toMatch(message);
    expect((caught as TemplateError).offset).toBe(offset);
  });

  it('never reads inherited properties, even from a polluted-looking body', () => {
    const body = JSON.parse('{"__proto__": {"x": "polluted"}}');
    const t = compileTemplate('[{{ request.x }}]');
    expect(t.render({ ...ctx, request: body })).toBe('[]');
  });
});
