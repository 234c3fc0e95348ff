/** LLMSim's profile table and how a model id picks its profile. */
import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { DEFAULT_PROFILE, PROFILE_NAMES, PROFILES, profileForModel } from '../../../src/pacing/profiles.js';

describe('the profile table', () => {
  it('holds LLMSim\'s numbers (TTFT mean/stddev, TBT mean/stddev)', () => {
    const flat = Object.fromEntries(PROFILE_NAMES.map((n) => [n, [PROFILES[n].ttft.mean, PROFILES[n].ttft.stddev, PROFILES[n].tbt.mean, PROFILES[n].tbt.stddev]]));
    expect(flat).toEqual({
      'gpt-4': [800, 200, 50, 15],
      'gpt-4o': [400, 100, 25, 8],
      'gpt-5': [600, 150, 40, 12],
      'gpt-5-mini': [300, 80, 20, 6],
      'o-series': [2000, 500, 30, 10],
      'claude-opus': [1000, 250, 60, 20],
      'claude-sonnet': [500, 120, 30, 10],
      'claude-haiku': [200, 50, 15, 5],
      'gemini-pro': [600, 150, 35, 10],
      'gemini-flash': [200, 50, 15, 5],
      deepseek: [500, 120, 30, 10],
      'deepseek-reasoner': [1500, 400, 25, 8],
      instant: [0, 0, 0, 0],
      fast: [10, 2, 1, 0],
    });
  });

  it('the fixture schema\'s profile enum lists exactly these names', () => {
    const schema = JSON.parse(readFileSync('schemas/fixture.schema.json', 'utf8'));
    expect(schema.definitions.streaming.properties.profile.enum).toEqual(PROFILE_NAMES);
  });
});

describe('profileForModel: the most specific match', () => {
  it.each([
    ['gpt-4', 'gpt-4'],
    ['gpt-4-turbo', 'gpt-4'],
    ['gpt-4.1', 'gpt-4'],
    ['gpt-4o', 'gpt-4o'],
    ['gpt-4o-mini', 'gpt-4o'],
    ['gpt-4o-2024-08-06', 'gpt-4o'],
    ['gpt-5', 'gpt-5'],
    ['gpt-5.1', 'gpt-5'],
    ['gpt-5-nano', 'gpt-5'],
    ['gpt-5-mini', 'gpt-5-mini'],
    ['gpt-5-mini-2025-08-07', 'gpt-5-mini'],
    ['o1', 'o-series'],
    ['o3-mini', 'o-series'],
    ['o4-mini', 'o-series'],
    ['o4-mini-2025-04-16', 'o-series'],
    ['claude-opus-4-1', 'claude-opus'],
    ['claude-sonnet-4-6', 'claude-sonnet'],
    ['claude-3-5-sonnet-20241022', 'claude-sonnet'],
    ['claude-haiku-4-5', 'claude-haiku'],
    ['gemini-2.5-pro', 'gemini-pro'],
    ['gemini-2.5-flash', 'gemini-flash'],
    ['models/gemini-2.0-flash-lite', 'gemini-flash'],
    ['deepseek-chat', 'deepseek'],
    ['deepseek-reasoner', 'deepseek-reasoner'],
    ['DeepSeek-Reasoner', 'deepseek-reasoner'],
    ['instant', 'instant'],
    ['fast', 'fast'],
  ])('%s -> %s', (model, profile) => {
    expect(profileForModel(model)).toBe(profile);
  });

  it('an unknown model (or a name merely containing "fast") gets the default, gpt-4o', () => {
    expect(DEFAULT_PROFILE).toBe('gpt-4o');
    for (const m of ['my-deployment', 'llama-3-70b', '', 'fast-model', 'gpt-oss-120b', 'claude']) expect([m, profileForModel(m)]).toEqual([m, 'gpt-4o']);
  });

  it('asks the same id twice, answers the same (cached)', () => {
    expect(profileForModel('claude-sonnet-4-6')).toBe(profileForModel('claude-sonnet-4-6'));
  });
});
