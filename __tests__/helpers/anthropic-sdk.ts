/**
 * The official `@anthropic-ai/sdk` pointed at a test server (base URL without /v1, as users set
 * it; no retries, so every request is seen once), and reading Anthropic wire text the way the SDK
 * does (its SSE iterator and its `MessageStream` accumulator), without a server.
 */
import Anthropic from '@anthropic-ai/sdk';
import { Stream } from '@anthropic-ai/sdk/core/streaming';
import { MessageStream } from '@anthropic-ai/sdk/lib/MessageStream';
import type { Message, RawMessageStreamEvent } from '@anthropic-ai/sdk/resources/messages';

export function anthropicClient(serverUrl: string): Anthropic {
  return new Anthropic({ baseURL: serverUrl, apiKey: 'test-key', maxRetries: 0 });
}

/** A one-turn Messages body; `extra` fields are merged in. */
export function ask<E extends object = {}>(userMessage: string, extra?: E) {
  return { model: 'claude-sonnet-4-6', max_tokens: 1024, messages: [{ role: 'user' as const, content: userMessage }], ...(extra as E) };
}

function sseResponse(text: string): Response {
  return new Response(text, { headers: { 'content-type': 'text/event-stream' } });
}

/** The events the SDK's stream iterator yields for this wire text, and what it threw (if it did). */
export async function sdkEvents(text: string): Promise<{ events: RawMessageStreamEvent[]; error: unknown }> {
  const events: RawMessageStreamEvent[] = [];
  try {
    for await (const e of Stream.fromSSEResponse<RawMessageStreamEvent>(sseResponse(text), new AbortController())) events.push(e);
  } catch (error) {
    return { events, error };
  }
  return { events, error: undefined };
}

/** The message the SDK's `MessageStream` (what `messages.stream()` returns) assembles from this wire text. */
export async function sdkFinalMessage(text: string): Promise<Message> {
  const stream = Stream.fromSSEResponse<RawMessageStreamEvent>(sseResponse(text), new AbortController());
  return MessageStream.fromReadableStream(stream.toReadableStream()).finalMessage();
}
