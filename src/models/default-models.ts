/**
 * The catalogue served when no `--models` file is given: LLMSim's OpenAI list (gpt-5 ... gpt-4.1,
 * o-series), current Claude ids (as `@anthropic-ai/sdk` names them) and Gemini ids, with the
 * providers' published context windows and output limits. `created` is each model's release day.
 */
import type { ModelInfo } from './catalogue.js';

type Row = [id: string, displayName: string, ownedBy: string, contextWindow: number, maxOutputTokens: number, released: string];

const ROWS: readonly Row[] = [
  ['gpt-5', 'GPT-5', 'openai', 400_000, 128_000, '2025-08-07'],
  ['gpt-5-mini', 'GPT-5 mini', 'openai', 400_000, 128_000, '2025-08-07'],
  ['gpt-5.1', 'GPT-5.1', 'openai', 400_000, 128_000, '2025-11-13'],
  ['gpt-5.2', 'GPT-5.2', 'openai', 400_000, 128_000, '2025-12-11'],
  ['gpt-5-codex', 'GPT-5-Codex', 'openai', 400_000, 128_000, '2025-09-15'],
  ['o3', 'o3', 'openai', 200_000, 100_000, '2025-04-16'],
  ['o3-mini', 'o3-mini', 'openai', 200_000, 100_000, '2025-01-31'],
  ['o4', 'o4', 'openai', 200_000, 100_000, '2025-04-16'],
  ['o4-mini', 'o4-mini', 'openai', 200_000, 100_000, '2025-04-16'],
  ['gpt-4', 'GPT-4', 'openai', 8_192, 8_192, '2023-03-14'],
  ['gpt-4-turbo', 'GPT-4 Turbo', 'openai', 128_000, 4_096, '2024-04-09'],
  ['gpt-4o', 'GPT-4o', 'openai', 128_000, 16_384, '2024-05-13'],
  ['gpt-4o-mini', 'GPT-4o mini', 'openai', 128_000, 16_384, '2024-07-18'],
  ['gpt-4.1', 'GPT-4.1', 'openai', 1_047_576, 32_768, '2025-04-14'],
  ['claude-opus-4-8', 'Claude Opus 4.8', 'anthropic', 1_000_000, 128_000, '2026-05-20'],
  ['claude-opus-4-7', 'Claude Opus 4.7', 'anthropic', 1_000_000, 128_000, '2026-04-16'],
  ['claude-opus-4-6', 'Claude Opus 4.6', 'anthropic', 1_000_000, 128_000, '2026-02-05'],
  ['claude-sonnet-4-6', 'Claude Sonnet 4.6', 'anthropic', 1_000_000, 64_000, '2026-02-17'],
  ['claude-opus-4-5', 'Claude Opus 4.5', 'anthropic', 200_000, 64_000, '2025-11-24'],
  ['claude-sonnet-4-5', 'Claude Sonnet 4.5', 'anthropic', 200_000, 64_000, '2025-09-29'],
  ['claude-haiku-4-5', 'Claude Haiku 4.5', 'anthropic', 200_000, 64_000, '2025-10-15'],
  ['gemini-3-pro-preview', 'Gemini 3 Pro Preview', 'google', 1_048_576, 65_536, '2025-11-18'],
  ['gemini-2.5-pro', 'Gemini 2.5 Pro', 'google', 1_048_576, 65_536, '2025-06-17'],
  ['gemini-2.5-flash', 'Gemini 2.5 Flash', 'google', 1_048_576, 65_536, '2025-06-17'],
  ['gemini-2.5-flash-lite', 'Gemini 2.5 Flash-Lite', 'google', 1_048_576, 65_536, '2025-07-22'],
  ['gemini-2.0-flash', 'Gemini 2.0 Flash', 'google', 1_048_576, 8_192, '2025-02-05'],
];

export const DEFAULT_MODELS: readonly ModelInfo[] = ROWS.map(([id, displayName, ownedBy, contextWindow, maxOutputTokens, released]) => ({
  id,
  displayName,
  ownedBy,
  contextWindow,
  maxOutputTokens,
  created: Date.parse(`${released}T00:00:00Z`) / 1000,
}));
