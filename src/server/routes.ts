/**
 * The data plane's routes: every LLM surface goes through `llmRoute` with its codec (each
 * provider folder lists its routes); the model routes are models-routes.ts. Everything not in the
 * table goes to the express control plane.
 */
import type { Engine } from '../engine/engine.js';
import type { Clock } from '../time/clock.js';
import { CODEC_ROUTES } from '../providers/routes.js';
import { llmRoute, type LlmRouteDeps } from './llm-route.js';
import { RouteTable } from './route-table.js';
import { statusCodeRoute } from './status-code-route.js';
import { responsesStoreRoute } from './responses-store-route.js';
import { GEMINI_VERSIONS } from '../providers/gemini/routes.js';
import { geminiCountTokensRoute } from './gemini-count-tokens-route.js';
import type { ModelCatalogue } from '../models/catalogue.js';
import { addModelRoutes } from './models-routes.js';

export function buildDataRoutes(deps: LlmRouteDeps & { engine: Engine; clock: Clock; models: ModelCatalogue }): RouteTable {
  const { engine, clock, models } = deps;
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
  // The model catalogue in each provider's shape (see models-routes.ts).
  addModelRoutes(table, { engine, clock, models });
  return table
    // Also under /v1, where an SDK's base URL points (`client.get('/code/503')`).
    .add('GET', '/code/{status}', statusCodeRoute)
    .add('GET', '/v1/code/{status}', statusCodeRoute);
}
