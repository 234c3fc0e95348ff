/**
 * One finished LLM request, as the metrics store and Prometheus see it: what was asked, what
 * load chaos did, how it was answered and how it ended. Handed over by the LLM routes once the
 * writer is done with the response, so recording never sits on the request path.
 */
import type { ProviderName } from '../canonical/request.js';
import type { WriteEnd } from '../stream/writer.js';

export interface RequestRecord {
  requestId: string;
  /** Wall-clock milliseconds since the epoch when the request arrived. */
  arrivedAtMs: number;
  /** The route as registered (`/v1/chat/completions`, `/v1beta/models/{model}:generateContent`). */
  endpoint: string;
  provider: ProviderName | null;
  /** The model the request named (Azure: the deployment; Gemini: the path's model); null before decode. */
  model: string | null;
  /** Azure's deployment, else null. */
  deployment: string | null;
  /**
   * How it was answered: `response`, `stream`, `stream_truncated`, `stream_error`, `refusal`,
   * `corrupt_body`, `embeddings`, `no_match`, `error:<status>` (a fixture's or a bad request's),
   * `generated:<mode>`, `chaos:<fault>` (load chaos: `chaos:rate_limit`, `chaos:invalid_json`,
   * `chaos:connection_reset` ...), `proxied:<mode>` (record/replay sent it upstream).
   */
  outcome: string;
  /** The status sent; 0 when the connection was dropped before any (a transport fault). */
  status: number;
  end: WriteEnd;
  /** From arrival to the end of the response. */
  latencyMs: number;
  /** What load chaos added before the first byte (latency, `slow_response`, a fault's wait). */
  injectedDelayMs: number;
  /** Messages (chat) or inputs (embeddings) in the request; null before decode. */
  messageCount: number | null;
  promptTokens: number | null;
  responseTokens: number | null;
  /** `random` / `echo` when load chaos generated the answer, `fixture` when a fixture did, else null. */
  responseMode: string | null;
  /** The answering fixture(s), `file.yaml#index`, or null. */
  fixtureId: string | null;
}

export type RecordRequest = (record: RequestRecord) => void;
