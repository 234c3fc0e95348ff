/**
 * Which upstream a proxied request goes to, and at which URL: the request's own path and query,
 * appended to the upstream's base URL. LLMSim's drop-in prefixes map to the real APIs' paths
 * (`/anthropic/v1/messages` -> `/v1/messages`; `/openai/v1/...` -> `/v1/...` on OpenAI, unless an
 * Azure upstream is set, whose v1 API really lives at `/openai/v1/...`).
 */
import type { ProviderName } from '../canonical/request.js';
import type { UpstreamName } from './upstreams.js';

export interface UpstreamTarget {
  name: UpstreamName;
  url: URL;
}

export type TargetResult = { ok: true; target: UpstreamTarget } | { ok: false; message: string };

/**
 * @example upstreamTarget('anthropic', '/anthropic/v1/messages', '', { anthropic: new URL('https://api.anthropic.com') })
 * // { ok: true, target: { name: 'anthropic', url: https://api.anthropic.com/v1/messages } }
 */
export function upstreamTarget(provider: ProviderName, path: string, search: string, upstreams: Partial<Record<UpstreamName, URL>>): TargetResult {
  let name: UpstreamName;
  let upstreamPath = path;
  switch (provider) {
    case 'anthropic':
      name = 'anthropic';
      if (path.startsWith('/anthropic/')) upstreamPath = path.slice('/anthropic'.length);
      break;
    case 'gemini':
      name = 'gemini';
      break;
    case 'azure':
      if (path.startsWith('/openai/v1/') && !upstreams.azure) {
        name = 'openai';
        upstreamPath = path.slice('/openai'.length);
      } else name = 'azure';
      break;
    default:
      name = 'openai';
  }
  const base = upstreams[name];
  if (!base) {
    const hint = name === 'azure' ? ' (Azure has no default: add --upstream azure=https://YOUR-RESOURCE.openai.azure.com)' : '';
    return { ok: false, message: `no upstream is set for ${name}${hint}` };
  }
  const url = new URL(base.href);
  url.pathname = base.pathname.replace(/\/+$/, '') + upstreamPath;
  url.search = search ? `?${search}` : '';
  return { ok: true, target: { name, url } };
}
