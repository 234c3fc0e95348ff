/** The `data: [DONE]` event that ends every OpenAI stream (Chat Completions, legacy Completions). */
import type { WireEvent } from '../../stream/framing.js';

export const DONE_EVENT: WireEvent = { data: '[DONE]' };
