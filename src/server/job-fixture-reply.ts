/**
 * `llm.chat` jobs answer from the fixtures through the same `engine.reply()` as
 * `POST /v1/chat/completions`: the job's `args` are decoded as a chat request, matched, and the
 * fixture's answer becomes the job's result text. An `error:` fixture fails the job with that
 * error (code `HTTP_<status>`), so a sequence like "429 twice, then succeed" plays out in jobs
 * too. The job simulator knows nothing of the engine: this adapter is the only link.
 */
import { answerText, toolCalls, type Answer } from '../canonical/answer.js';
import type { Engine } from '../engine/engine.js';
import type { FixtureReply } from '../jobs/modes.js';
import { decodeChatRequest } from '../providers/openai-chat/decode-request.js';
import { deriveSeed } from '../random/rng.js';
import { requestSeed } from '../random/request-seed.js';

/** A job's result text: the answer's text, else its refusal, else its tool calls as `name(args)` lines. */
function jobText(answer: Answer): string {
  const text = answerText(answer);
  if (text !== null) return text;
  const refusal = answer.parts.find((p) => p.type === 'refusal');
  if (refusal) return refusal.text;
  return toolCalls(answer)
    .map((c) => `${c.name}(${c.argumentsJson})`)
    .join('\n');
}

export function jobFixtureReply(engine: Engine): FixtureReply {
  return (args, job) => {
    const decoded = decodeChatRequest(args, { headers: {} });
    if (!decoded.ok) return null;
    // Seeded by the job, not by the LLM request counter: jobs never shift LLM requests' seeds.
    // A job's result is the answer's text, so a fixture's verbatim recording (`raw:`) is skipped.
    const d = engine.reply(decoded.decoded.request, requestSeed(deriveSeed(job.seed, 'job-reply', job.seq)), 'call_', false);
    switch (d.kind) {
      case 'unmatched':
      case 'embedding':
      case 'raw':
        return null;
      case 'error':
        return { error: { code: `HTTP_${d.error.status}`, message: d.error.message } };
      case 'refusal':
      case 'answer':
        return { text: jobText(d.answer) };
    }
  };
}
