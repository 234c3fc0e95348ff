/**
 * The data plane's route table: exact `METHOD path` keys looked up in a Map, no regex walk.
 * Everything not in it goes to the express control plane.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Engine } from '../engine/engine.js';
import { openAiChatCodec } from '../providers/openai-chat/codec.js';
import { openAiCompletionsCodec } from '../providers/openai-completions/codec.js';

export type RouteHandler = (req: IncomingMessage, res: ServerResponse) => void | Promise<void>;

export function buildDataRoutes(engine: Engine): Map<string, RouteHandler> {
  const routes = new Map<string, RouteHandler>();
  routes.set('POST /v1/chat/completions', (req, res) => engine.handle(req, res, openAiChatCodec));
  routes.set('POST /v1/completions', (req, res) => engine.handle(req, res, openAiCompletionsCodec));
  routes.set('GET /v1/models', (_req, res) => {
    const created = engine.opts.clock.unixSeconds();
    const body = JSON.stringify({
      object: 'list',
      data: engine.modelIds().map((id) => ({ id, object: 'model', created, owned_by: 'llmposter' })),
    });
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) });
    res.end(body);
  });
  return routes;
}
