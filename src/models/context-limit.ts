/**
 * The pre-matching context-window check: a chat request naming a catalogue model whose prompt
 * tokens plus requested output (`max_tokens` and kin; the prompt alone when it sets none) do
 * not fit the model's context window gets that provider's context-length error, before any
 * fixture is matched, as the real APIs refuse it before generating anything.
 *
 * Gemini counts the input alone (its `inputTokenLimit`; output has a limit of its own), so for
 * Gemini the prompt alone is held to the window, as Gemini does.
 *
 * The hot path stays cheap: a bound on the token count from the text's length comes first,
 * and the tokenizer only runs for a request that could be over.
 */
import type { NeutralError } from '../canonical/answer.js';
import type { ChatRequest, LlmRequest } from '../canonical/request.js';
import { countChatPromptTokens } from '../generate/tokens.js';
import type { ModelCatalogue } from './catalogue.js';

/**
 * The error for a request over its model's window, else undefined (embeddings, unknown
 * models and requests that fit pass). `endpoint` is the route (`/v1/responses` ...): it
 * picks the OpenAI family's wording.
 */
export function contextLimitError(request: LlmRequest, catalogue: ModelCatalogue, endpoint: string): NeutralError | undefined {
  if (request.op !== 'chat') return undefined;
  const model = catalogue.get(request.model);
  if (!model) return undefined;
  const window = model.contextWindow;
  const inputOnly = request.provider === 'gemini';
  const completion = inputOnly ? 0 : (request.maxOutputTokens ?? 0);
  if (promptTokensAtMost(request) + completion <= window) return undefined;
  const prompt = countChatPromptTokens(request.messages);
  if (prompt + completion <= window) return undefined;
  return contextLengthError(request.provider, endpoint, window, prompt, completion);
}

/**
 * The provider's words for a request over the window (verified against what each API sends).
 * @example contextLengthError('gemini', '', 1048576, 1200293, 0).message
 * // 'The input token count (1200293) exceeds the maximum number of tokens allowed (1048576).'
 */
export function contextLengthError(provider: ChatRequest['provider'], endpoint: string, window: number, prompt: number, completion: number): NeutralError {
  if (provider === 'anthropic') {
    return {
      status: 400,
      message:
        prompt > window
          ? `prompt is too long: ${prompt} tokens > ${window} maximum`
          : `input length and \`max_tokens\` exceed context limit: ${prompt} + ${completion} > ${window}, decrease input length or \`max_tokens\` and try again`,
    };
  }
  if (provider === 'gemini') return { status: 400, message: `The input token count (${prompt}) exceeds the maximum number of tokens allowed (${window}).` };
  const code = 'context_length_exceeded';
  if (provider === 'responses' || endpoint.endsWith('/responses')) {
    return { status: 400, message: 'Your input exceeds the context window of this model. Please adjust your input and try again.', param: 'input', code };
  }
  if (endpoint.endsWith('/completions') && !endpoint.endsWith('/chat/completions')) {
    return {
      status: 400,
      message: `This model's maximum context length is ${window} tokens, however you requested ${prompt + completion} tokens (${prompt} in your prompt; ${completion} for the completion). Please reduce your prompt; or completion length.`,
      param: 'prompt',
      code,
    };
  }
  return {
    status: 400,
    message: `This model's maximum context length is ${window} tokens. However, you requested ${prompt + completion} tokens (${prompt} in the messages, ${completion} in the completion). Please reduce the length of the messages or completion.`,
    param: 'messages',
    code,
  };
}

/**
 * An upper bound on `countChatPromptTokens` without tokenizing: a token is at least one UTF-8
 * byte and a UTF-16 unit is at most three, and each message adds a few framing tokens.
 */
function promptTokensAtMost(request: ChatRequest): number {
  let units = 0;
  for (const m of request.messages) units += m.role.length + m.text.length + 1;
  return 3 + 4 * request.messages.length + 3 * units;
}
