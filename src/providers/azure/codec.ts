/**
 * Azure OpenAI speaks OpenAI's bodies, streams and errors at its own paths, so its codecs are
 * the OpenAI codecs wrapped, not copied: the wrapper checks `?api-version=`, takes the model
 * from the path's `{deployment}` (the body's `model` is optional on Azure, and ignored) and
 * names the request's provider `azure`, so a `provider: azure` fixture answers only here and a
 * `provider: openai` one never does. Everything else is the inner codec's.
 */
import type { LlmRequest } from '../../canonical/request.js';
import type { Codec, DecodeContext, DecodeResult } from '../codec.js';
import { isObject } from '../openai/decode-common.js';

export interface AzureOptions {
  /**
   * `required`: the classic `/openai/deployments/...` routes, where the real service answers
   * 404 `Resource not found` without `?api-version=`. `optional`: the v1 routes (`/openai/v1/...`).
   */
  apiVersion: 'required' | 'optional';
}

/** An example version for the 404's hint: a GA version the `openai` SDK's docs use. */
export const EXAMPLE_API_VERSION = '2024-10-21';

/**
 * The classic routes without `?api-version=`: a 404 as the real service sends (its body says
 * only `Resource not found`; ours also says what is missing).
 */
export function missingApiVersion(): { status: number; message: string; param: string } {
  return {
    status: 404,
    message: `Resource not found: Azure OpenAI needs the api-version query parameter (for example ?api-version=${EXAMPLE_API_VERSION}); the AzureOpenAI client sends its apiVersion option there.`,
    param: 'api-version',
  };
}

/**
 * @example azureCodec(openAiChatCodec, { apiVersion: 'required' }) // serves /openai/deployments/{deployment}/chat/completions
 */
export function azureCodec<W>(inner: Codec<W>, opts: AzureOptions): Codec<W> {
  return {
    ...inner,
    provider: 'azure',
    decode(body: unknown, ctx: DecodeContext): DecodeResult<W> {
      if (opts.apiVersion === 'required' && !ctx.query.get('api-version')) return { ok: false, error: missingApiVersion() };
      const deployment = ctx.params.deployment;
      // The deployment stands in for the body's `model` (which Azure does not require).
      const r = inner.decode(deployment !== undefined && isObject(body) ? { ...body, model: deployment } : body, ctx);
      if (!r.ok) return r;
      const request = { ...r.decoded.request, provider: 'azure', body } as LlmRequest;
      if (deployment !== undefined) request.model = deployment;
      return { ok: true, decoded: { request, wire: r.decoded.wire } };
    },
  };
}
