/**
 * The fixture file `llmposter init` writes: one answer per API family, a sequence and a
 * failure, each commented so the file explains itself. `schemaPath` goes into the
 * `yaml-language-server` comment, which gives editors (VS Code with the YAML extension,
 * anything on yaml-language-server) completion and checks as you type.
 */
export const STARTER_FILE_NAME = 'starter.yaml';

export function starterFixtures(schemaPath: string): string {
  return `# yaml-language-server: $schema=${schemaPath}
#
# Starter fixtures written by \`llmposter init\`. Each fixture matches a request (here by a
# substring of the latest user message) and answers it in the caller's own API shape. Check
# edits with \`npx llmposter validate <this folder>\`; the README's "Fixtures" section has every key.
fixtures:
  # Any API (no \`provider\`): OpenAI Chat Completions, Anthropic, Gemini and Responses clients
  # all get this answer, streamed or not, whichever the client asked for.
  - name: hello
    match:
      user_message: "hello"
    response:
      content: "Hello from llmposter!"

  # OpenAI Chat Completions only (POST /v1/chat/completions): a tool call.
  - name: openai-weather
    provider: openai
    match:
      user_message: "weather"
    response:
      tool_calls:
        - name: get_weather
          arguments: { city: "Paris" }

  # Anthropic Messages only (POST /v1/messages): a thinking block before the text.
  - name: anthropic-thinking
    provider: anthropic
    match:
      user_message: "think"
    response:
      thinking: "Short question, short answer."
      content: "Forty-two."

  # Gemini only (POST /v1beta/models/{model}:generateContent and :streamGenerateContent).
  - name: gemini-answer
    provider: gemini
    match:
      user_message: "gemini"
    response:
      content: "Answered in Gemini's shape."

  # OpenAI Responses only (POST /v1/responses).
  - name: responses-answer
    provider: responses
    match:
      user_message: "responses"
    response:
      content: "Answered by the Responses API."

  # A sequence: two 429s (with retry-after), then an answer. An SDK that retries gets through
  # on its third try; the fourth request starts the sequence again.
  - name: flaky
    match:
      user_message: "flaky"
    sequence:
      - error: { status: 429, message: "Rate limit exceeded", headers: { retry-after: "1" } }
      - error: { status: 429, message: "Still rate limited", headers: { retry-after: "1" } }
      - response: { content: "Third time lucky." }

  # A failure on a valid answer: streamed in 4-character pieces, 20 ms apart, and cut after
  # 3 frames without the closing frames (a stream that dies half way).
  - name: cut-stream
    match:
      user_message: "cut"
    response:
      content: "This stream stops before it finishes."
    streaming: { chunk_size: 4, latency: 20 }
    failure:
      truncate_after_frames: 3
`;
}
