/**
 * The data plane's routes: every LLM surface goes through `llmRoute` with its codec (each
 * provider folder lists its routes); the model list is answered here. Everything not in the
 * table goes to the express control plane.
 */
import type { Engine } from '../engine/engine.js';
import type { Clock } from '../time/clock.js';
import { CODEC_ROUTES } from '../providers/routes.js';
import { anthropicModelList, wantsAnthropicModels } from '../providers/anthropic/models.js';
import { llmRoute, type LlmRouteDeps } from './llm-route.js';
import { RouteTable } from './route-table.js';
import { statusCodeRoute } from './status-code-route.js';
import { responsesStoreRoute } from './responses-store-route.js';
import { GEMINI_VERSIONS } from '../providers/gemini/routes.js';
import { geminiCountTokensRoute } from './gemini-count-tokens-route.js';

export function buildDataRoutes(deps: LlmRouteDeps & { engine: Engine; clock: Clock }): RouteTable {
  const { engine, clock } = deps;
  const table = new RouteTable();
  for (const r of CODEC_ROUTES) table.add(r.method, r.path, llmRoute(r.codec, deps, r.path));
  // Responses the codecs kept (`store`), by id (registered when the server keeps them).
  // Also where the AzureOpenAI client asks (`/openai/responses/{id}?api-version=`).
  if (deps.responses) {
    const stored = responsesStoreRoute(deps.responses);
    for (const path of ['/v1/responses/{id}', '/openai/responses/{id}', '/openai/v1/responses/{id}']) table.add('GET', path, stored);
  }
  // Gemini's :countTokens matches no fixture: plain glue, not a codec route (see its file).
  const countTokens = geminiCountTokensRoute(deps);
  for (const v of GEMINI_VERSIONS) table.add('POST', `${v}/models/{model}:countTokens`, countTokens);
  return table
    // Also under /v1, where an SDK's base URL points (`client.get('/code/503')`).
    .add('GET', '/code/{status}', statusCodeRoute)
    .add('GET', '/v1/code/{status}', statusCodeRoute)
    .add('GET', '/v1/models', (req, res, ctx) => {
      const created = clock.unixSeconds();
      // Anthropic's SDK lists models at the same path: answer in its shape when it asks.
      const body = wantsAnthropicModels(req.headers)
        ? anthropicModelList(engine.modelIds(), created)
        : JSON.stringify({
            object: 'list',
            data: engine.modelIds().map((id) => ({ id, object: 'model', created, owned_by: 'llmposter' })),
          });
      res.writeHead(200, { 'x-request-id': ctx.requestId, 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) });
      res.end(body);
    });
}
