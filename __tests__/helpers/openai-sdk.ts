/**
 * Reading wire text the way the official `openai` SDK does: its own SSE parser
 * (`Stream.fromSSEResponse`, what `client.chat.completions.create({ stream: true })` iterates)
 * and its chat-stream accumulator (`ChatCompletionStream`, what `.stream()` / `finalChatCompletion()`
 * build a message from). No server, no network: the text is wrapped in a `Response`.
 */
import { Stream } from 'openai/core/streaming';
import { ChatCompletionStream } from 'openai/lib/ChatCompletionStream';
import type { ChatCompletion } from 'openai/resources/chat/completions';

function sseResponse(text: string): Response {
  return new Response(text, { headers: { 'content-type': 'text/event-stream' } });
}

/** Every item the SDK's stream iterator yields for this wire text (throws what it throws). */
export async function sdkStreamItems<T>(text: string): Promise<T[]> {
  const out: T[] = [];
  for await (const item of Stream.fromSSEResponse<T>(sseResponse(text), new AbortController())) out.push(item);
  return out;
}

/** The items the SDK yields before its iterator throws, and what it threw (undefined if it did not). */
export async function sdkStreamUntilError<T>(text: string): Promise<{ items: T[]; error: unknown }> {
  const items: T[] = [];
  try {
    for await (const item of Stream.fromSSEResponse<T>(sseResponse(text), new AbortController())) items.push(item);
  } catch (error) {
    return { items, error };
  }
  return { items, error: undefined };
}

/** The whole completion the SDK's chat-stream helper assembles from this wire text. */
export async function sdkFinalChatCompletion(text: string): Promise<ChatCompletion> {
  const stream = Stream.fromSSEResponse(sseResponse(text), new AbortController());
  return ChatCompletionStream.fromReadableStream(stream.toReadableStream()).finalChatCompletion();
}
