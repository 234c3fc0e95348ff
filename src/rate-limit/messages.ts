/** 429 messages worded like each provider's own. */
import type { HeaderStyle } from './headers.js';
import { goDuration } from './duration.js';

export interface Exceeded {
  model: string;
  kind: 'requests' | 'tokens';
  limit: number;
  used: number;
  requested: number;
  waitMs: number;
}

const UNIT = { requests: 'requests per min (RPM)', tokens: 'tokens per min (TPM)' } as const;

/**
 * @example rateLimitMessage('openai', { model: 'gpt-4o', kind: 'requests', limit: 3, used: 3, requested: 1, waitMs: 20000 })
 * // 'Rate limit reached for gpt-4o in organization org-llmposter on requests per min (RPM): Limit 3, Used 3, Requested 1. Please try again in 20s. Visit https://platform.openai.com/account/rate-limits to learn more.'
 */
export function rateLimitMessage(style: HeaderStyle, e: Exceeded): string {
  const never = !Number.isFinite(e.waitMs);
  if (style === 'openai') {
    const visit = 'Visit https://platform.openai.com/account/rate-limits to learn more.';
    if (never) return `Request too large for ${e.model} in organization org-llmposter on ${UNIT[e.kind]}: Limit ${e.limit}, Requested ${e.requested}. The input or output tokens must be reduced in order to run successfully. ${visit}`;
    return `Rate limit reached for ${e.model} in organization org-llmposter on ${UNIT[e.kind]}: Limit ${e.limit}, Used ${e.used}, Requested ${e.requested}. Please try again in ${goDuration(e.waitMs)}. ${visit}`;
  }
  const per = e.kind === 'requests' ? 'requests per minute' : 'tokens per minute';
  if (style === 'anthropic') {
    return `This request would exceed the rate limit for your organization of ${e.limit} ${per}. For details, refer to: https://docs.anthropic.com/en/api/rate-limits. You can see the response headers for current usage. Please reduce the prompt length or the maximum tokens requested, or try again later.`;
  }
  const retry = never ? 'This request alone is larger than the limit.' : `Please retry in ${Math.ceil(e.waitMs / 1000)}s.`;
  return `You exceeded your current quota: ${e.limit} ${per} for ${e.model}. ${retry}`;
}
