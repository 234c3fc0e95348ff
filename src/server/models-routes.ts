/**
 * The model routes: the catalogue (src/models/) and the fixtures' model ids, listed and looked up
 * in each provider's shape. `/v1/models` is shared: a request carrying `anthropic-version` gets
 * Anthropic's shape, one from a Google client (`x-goog-api-key`, `x-goog-api-client` or `?key=`)
 * Gemini's, anything else OpenAI's. The provider-prefixed paths (`/openai/v1/...`,
 * `/anthropic/v1/...`, `/v1beta/...`) always answer in their provider's shape. Anthropic's and
 * Gemini's lists leave out the other providers' catalogue models (HIDDEN_OWNERS).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Engine } from '../engine/engine.js';
import type { ModelCatalogue } from '../models/catalogue.js';
import type { EncodedError } from '../providers/codec.js';
import { anthropicModel, anthropicModelList, anthropicModelNotFound, wantsAnthropicModels } from '../providers/anthropic/models.js';
import { geminiModel, geminiModelList, geminiModelNotFound, geminiWrongVerb, wantsGeminiModels } from '../providers/gemini/models.js';
import { openAiModel, openAiModelList, openAiModelNotFound } from '../providers/openai/models.js';
import type { Clock } from '../time/clock.js';
import type { RouteContext, RouteHandler, RouteTable } from './route-table.js';

type Shape = 'openai' | 'anthropic' | 'gemini';

/**
 * Whose catalogue models each shape leaves out: Anthropic's and Gemini's lists show their own
 * models (and any owner's but the other providers'), as the real APIs do; OpenAI's shows all,
 * as LLMSim's does. A model a fixture names is always shown.
 */
const HIDDEN_OWNERS: Readonly<Record<Shape, readonly string[]>> = { openai: [], anthropic: ['openai', 'google'], gemini: ['openai', 'anthropic'] };

export interface ModelRoutesDeps {
  engine: Engine;
  clock: Clock;
  models: ModelCatalogue;
}

export function addModelRoutes(table: RouteTable, deps: ModelRoutesDeps): RouteTable {
  const byClient = (req: IncomingMessage, query: URLSearchParams): Shape =>
    wantsAnthropicModels(req.headers) ? 'anthropic' : wantsGeminiModels(req.headers, query) ? 'gemini' : 'openai';
  const list = (fixed?: Shape): RouteHandler => (req, res, ctx) => {
    const query = new URLSearchParams(ctx.search);
    const shape = fixed ?? byClient(req, query);
    const models = deps.models.listed(deps.engine.modelIds(), deps.clock.unixSeconds(), HIDDEN_OWNERS[shape]);
    if (shape === 'openai') return sendJson(res, ctx, 200, openAiModelList(models));
    const page = shape === 'anthropic' ? anthropicModelList(models, query) : geminiModelList(models, query);
    if (!page.ok) return sendError(res, ctx, page.error);
    sendJson(res, ctx, 200, page.body);
  };
  const one = (fixed?: Shape, version = 'v1'): RouteHandler => (req, res, ctx) => {
    const shape = fixed ?? byClient(req, new URLSearchParams(ctx.search));
    // Gemini clients may send the resource name (`models/gemini-2.5-pro`) in full.
    const id = ctx.params.id.replace(/^models\//, '');
    // `GET .../models/x:generateContent`: a method of Gemini's called with the wrong verb.
    if (shape === 'gemini' && id.includes(':')) return sendError(res, ctx, geminiWrongVerb(id));
    const model = deps.models.find(id, deps.engine.modelIds(), deps.clock.unixSeconds(), HIDDEN_OWNERS[shape]);
    if (!model) return sendError(res, ctx, shape === 'anthropic' ? anthropicModelNotFound(id) : shape === 'gemini' ? geminiModelNotFound(id, version) : openAiModelNotFound(id));
    sendJson(res, ctx, 200, shape === 'anthropic' ? anthropicModel(model) : shape === 'gemini' ? geminiModel(model) : openAiModel(model));
  };
  return table
    .add('GET', '/v1/models', list())
    .add('GET', '/v1/models/{id}', one())
    .add('GET', '/openai/v1/models', list('openai'))
    .add('GET', '/openai/v1/models/{id}', one('openai'))
    .add('GET', '/anthropic/v1/models', list('anthropic'))
    .add('GET', '/anthropic/v1/models/{id}', one('anthropic'))
    .add('GET', '/v1beta/models', list('gemini'))
    .add('GET', '/v1beta/models/{id}', one('gemini', 'v1beta'));
}

function sendJson(res: ServerResponse, ctx: RouteContext, status: number, body: string): void {
  res.writeHead(status, { 'x-request-id': ctx.requestId, 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) });
  res.end(body);
}

function sendError(res: ServerResponse, ctx: RouteContext, e: EncodedError): void {
  res.writeHead(e.status, { ...e.headers, 'x-request-id': ctx.requestId, 'content-length': String(Buffer.byteLength(e.body)) });
  res.end(e.body);
}
