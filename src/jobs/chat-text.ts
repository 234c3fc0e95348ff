/**
 * Reading chat text out of a job's free-form `args` (OpenAI chat shape: `messages` with string
 * content or content parts, read exactly as /v1/chat/completions reads them). Jobs accept any
 * `args`, so everything here tolerates junk.
 */
import { countChatPromptTokens, countTokens } from '../generate/tokens.js';
import { messageText } from '../providers/openai-chat/decode-request.js';
import type { JobUsage } from './types.js';

/**
 * `args.messages` as role/text pairs; non-message entries are skipped.
 * @example chatMessages({ messages: [{ role: 'user', content: 'Hi' }] }) // [{ role: 'user', text: 'Hi' }]
 */
export function chatMessages(args: Record<string, unknown>): Array<{ role: string; text: string }> {
  const msgs = args.messages;
  if (!Array.isArray(msgs)) return [];
  const out: Array<{ role: string; text: string }> = [];
  for (const m of msgs) {
    if (!m || typeof m !== 'object') continue;
    const role = (m as { role?: unknown }).role;
    out.push({ role: typeof role === 'string' ? role : '', text: messageText((m as { content?: unknown }).content) ?? '' });
  }
  return out;
}

/**
 * The last `role: user` message's text (what ELIZA answers), or '' when there is none.
 * @example lastUserText({ messages: [{ role: 'user', content: [{ type: 'text', text: 'I need sleep' }] }] }) // 'I need sleep'
 */
export function lastUserText(args: Record<string, unknown>): string {
  const msgs = chatMessages(args);
  for (let i = msgs.length - 1; i >= 0; i--) if (msgs[i].role === 'user') return msgs[i].text;
  return '';
}

/**
 * Token usage for a finished job: the chat prompt when `args.messages` exists, else the
 * minified `args`; the completion is the result text.
 * @example jobUsage({ messages: [{ role: 'user', content: 'Hi' }] }, 'Hello.') // { prompt_tokens: 8, completion_tokens: 2, total_tokens: 10 }
 */
export function jobUsage(args: Record<string, unknown>, text: string): JobUsage {
  const prompt = Array.isArray(args.messages) ? countChatPromptTokens(chatMessages(args)) : countTokens(JSON.stringify(args));
  const completion = countTokens(text);
  return { prompt_tokens: prompt, completion_tokens: completion, total_tokens: prompt + completion };
}
