/**
 * A `@google/genai` client pointed at a test server. The SDK adds an undici dispatcher of its
 * own to every fetch, found through a global that jest's VM sandbox does not have ("Undici
 * globalDispatcher is not available"): handing it a plain fetch skips that. It does not retry
 * unless `retryOptions` is set, so every call is seen once.
 */
import { GoogleGenAI } from '@google/genai';

export function geminiClient(baseUrl: string, apiVersion?: string): GoogleGenAI {
  return new GoogleGenAI({ apiKey: 'test-key', httpOptions: { baseUrl, apiVersion, fetch: (input, init) => fetch(input, init) } });
}
