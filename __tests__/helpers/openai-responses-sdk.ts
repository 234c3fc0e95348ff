/**
 * Reading Responses wire text the way the official `openai` SDK does: its SSE iterator (what
 * `client.responses.create({ stream: true })` iterates) and its `ResponseStream` accumulator
 * (what `client.responses.stream()` / `finalResponse()` build). No server: the text is wrapped
 * in a `Response`.
 */
import { Stream } from 'openai/core/streaming';
import { ResponseStream } from 'openai/lib/responses/ResponseStream';
import type { Response as OpenAiResponse, ResponseStreamEvent } from 'openai/resources/responses/responses';

function sseResponse(text: string): Response {
  return new Response(text, { headers: { 'content-type': 'text/event-stream' } });
}

/** Every event the SDK's stream iterator yields for this wire text (throws what it throws). */
export async function sdkResponseEvents(text: string): Promise<ResponseStreamEvent[]> {
  const out: ResponseStreamEvent[] = [];
  for await (const e of Stream.fromSSEResponse<ResponseStreamEvent>(sseResponse(text), new AbortController())) out.push(e);
  return out;
}

/** The `ResponseStream` helper over this wire text: its events, and its final response or what it rejected with. */
export async function sdkResponseStream(text: string): Promise<{ events: ResponseStreamEvent[]; final?: OpenAiResponse; error?: unknown }> {
  const sse = Stream.fromSSEResponse(sseResponse(text), new AbortController());
  const stream = ResponseStream.fromReadableStream(sse.toReadableStream());
  const events: ResponseStreamEvent[] = [];
  try {
    for await (const e of stream) events.push(e);
    return { events, final: await stream.finalResponse() };
  } catch (error) {
    return { events, error };
  }
}

/** What a client reads off a finished response. */
export function responseSummary(r: OpenAiResponse) {
  const fn: Array<{ call_id: string; name: string; arguments: string }> = [];
  let refusal: string | null = null;
  let reasoning: string | null = null;
  for (const item of r.output) {
    if (item.type === 'function_call') fn.push({ call_id: item.call_id, name: item.name, arguments: item.arguments });
    if (item.type === 'message') for (const c of item.content) if (c.type === 'refusal') refusal = (refusal ?? '') + c.refusal;
    if (item.type === 'reasoning') reasoning = item.summary.map((s) => s.text).join('');
  }
  return {
    status: r.status,
    incompleteReason: r.incomplete_details?.reason ?? null,
    outputText: r.output_text,
    refusal,
    reasoning,
    functionCalls: fn,
    itemTypes: r.output.map((i) => i.type),
    usage: { input_tokens: r.usage?.input_tokens, output_tokens: r.usage?.output_tokens, total_tokens: r.usage?.total_tokens },
  };
}
