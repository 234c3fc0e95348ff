/** `:countTokens` counts the prompt exactly as generateContent's usage reports it. */
import { describe, expect, it } from '@jest/globals';
import { countChatPromptTokens } from '../../../../src/generate/tokens.js';
import { countGeminiTokens } from '../../../../src/providers/gemini/count-tokens.js';

const contents = [{ role: 'user', parts: [{ text: 'Hello there, how are you?' }] }];

describe('countGeminiTokens', () => {
  it('answers totalTokens and the TEXT modality detail', () => {
    const r = countGeminiTokens({ contents });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    // 3 to prime the reply, 3 for the message, "user" (1) and the text (7).
    const expected = countChatPromptTokens([{ role: 'user', text: 'Hello there, how are you?' }]);
    expect(expected).toBe(14);
    expect(JSON.parse(r.body)).toEqual({ totalTokens: 14, promptTokensDetails: [{ modality: 'TEXT', tokenCount: 14 }] });
  });

  it('counts a generateContentRequest with its system instruction', () => {
    const plain = countGeminiTokens({ contents });
    const withSystem = countGeminiTokens({ generateContentRequest: { model: 'models/x', contents, systemInstruction: { parts: [{ text: 'Be brief.' }] } } });
    expect(plain.ok && withSystem.ok).toBe(true);
    if (!plain.ok || !withSystem.ok) return;
    expect(JSON.parse(withSystem.body).totalTokens).toBeGreaterThan(JSON.parse(plain.body).totalTokens);
  });

  it('a blank text is counted, not refused (only generateContent needs text to match)', () => {
    expect(countGeminiTokens({ contents: [{ parts: [{ text: ' ' }] }] }).ok).toBe(true);
  });

  it.each([
    ['not an object', 'x', /Expected a CountTokensRequest object/],
    ['no contents', {}, /contents is not specified/],
    ['both forms', { contents, generateContentRequest: { contents } }, /mutually exclusive/],
    ['generateContentRequest not an object', { generateContentRequest: 'x' }, /'generateContentRequest': expected a GenerateContentRequest object/],
    ['a bad content', { contents: [{ parts: 'x' }] }, /expected a list of Part objects/],
  ])('400: %s', (_name, body, message) => {
    const r = countGeminiTokens(body);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect([r.error.status, r.error.message]).toEqual([400, expect.stringMatching(message)]);
  });
});
