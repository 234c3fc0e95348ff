/**
 * POST /v1/embeddings body -> EmbedRequest: one input per vector wanted, in order. `input` is
 * a string, an array of strings, an array of token ids (one input) or an array of token-id
 * arrays (see token-input.ts); each input's text is what `match.user_message` sees.
 */
import type { EmbedRequest } from '../../canonical/request.js';
import type { DecodeContext, DecodeResult } from '../codec.js';
import { badRequest, decodeCommonFields, typeName } from '../openai/decode-common.js';
import { decodeTokens } from './token-input.js';

/** What the encoder needs back from the request. */
export interface EmbeddingsWire {
  /** `float`: JSON number arrays; `base64`: little-endian float32 bytes, base64 (the SDK's default). */
  encodingFormat: 'float' | 'base64';
}

/** The API's own limit on inputs per request. */
export const MAX_INPUTS = 2048;
/**
 * The largest `dimensions` accepted: OpenAI's largest model (text-embedding-3-large) has 3072;
 * OpenAI-compatible servers go further, so allow some room while keeping a response bounded.
 */
export const MAX_DIMENSIONS = 8192;

type InputsResult = { ok: true; inputs: string[] } | { ok: false; message: string; param: string };

const invalidInput = (why: string): InputsResult => ({
  ok: false,
  message: `'$.input' is invalid: ${why}. Send a non-empty string, an array of non-empty strings, an array of token ids or an array of token-id arrays.`,
  param: 'input',
});

function tokenText(tokens: unknown[], where: string): { ok: true; text: string } | { ok: false; result: InputsResult } {
  if (tokens.length === 0) return { ok: false, result: invalidInput(`${where} is an empty token array`) };
  const d = decodeTokens(tokens as number[]);
  if (d.ok) return d;
  return { ok: false, result: invalidInput(`${where} holds ${JSON.stringify(d.badToken) ?? String(d.badToken)}, which is not a cl100k_base token id (an integer from 0 to 100276)`) };
}

/** @example inputTexts(['a', 'b']) // { ok: true, inputs: ['a', 'b'] } */
export function inputTexts(input: unknown): InputsResult {
  if (input === undefined || input === null) return { ok: false, message: "Missing required parameter: 'input'.", param: 'input' };
  if (typeof input === 'string') return input === '' ? invalidInput('the input is an empty string') : { ok: true, inputs: [input] };
  if (!Array.isArray(input)) return invalidInput(`expected a string or an array, but got ${typeName(input)}`);
  if (input.length === 0) return invalidInput('the input is an empty array');
  // A flat array of numbers is one input given as tokens.
  if (typeof input[0] === 'number') {
    const t = tokenText(input, 'the token array');
    return t.ok ? { ok: true, inputs: [t.text] } : t.result;
  }
  if (input.length > MAX_INPUTS) return invalidInput(`it holds ${input.length} items, more than the ${MAX_INPUTS} allowed in one request`);
  const inputs: string[] = [];
  for (let i = 0; i < input.length; i++) {
    const item: unknown = input[i];
    if (typeof item === 'string') {
      if (item === '') return invalidInput(`input[${i}] is an empty string`);
      inputs.push(item);
    } else if (Array.isArray(item)) {
      const t = tokenText(item, `input[${i}]`);
      if (!t.ok) return t.result;
      inputs.push(t.text);
    } else {
      return invalidInput(`input[${i}] is ${typeName(item)}, not a string or a token array`);
    }
  }
  return { ok: true, inputs };
}

/** @example decodeEmbeddingsRequest({ model: 'text-embedding-3-small', input: ['a', 'b'] }, ctx) */
export function decodeEmbeddingsRequest(body: unknown, ctx: Pick<DecodeContext, 'headers'>): DecodeResult<EmbeddingsWire> {
  const common = decodeCommonFields(body);
  if (!common.ok) return common;
  const b = body as Record<string, unknown>;
  const inputs = inputTexts(b.input);
  if (!inputs.ok) return { ok: false, error: badRequest(inputs.message, inputs.param) };
  const { encoding_format: format, dimensions } = b;
  if (format !== undefined && format !== null && format !== 'float' && format !== 'base64') {
    return { ok: false, error: badRequest(`Invalid value for 'encoding_format': expected 'float' or 'base64', but got ${JSON.stringify(format)}.`, 'encoding_format') };
  }
  if (dimensions !== undefined && dimensions !== null && !(Number.isInteger(dimensions) && (dimensions as number) >= 1 && (dimensions as number) <= MAX_DIMENSIONS)) {
    return { ok: false, error: badRequest(`Invalid 'dimensions': expected an integer from 1 to ${MAX_DIMENSIONS}, but got ${JSON.stringify(dimensions)} instead.`, 'dimensions') };
  }
  const request: EmbedRequest = {
    op: 'embed',
    provider: 'openai',
    model: common.fields.model,
    metadata: common.fields.metadata,
    inputs: inputs.inputs,
    headers: ctx.headers,
    body,
  };
  if (typeof dimensions === 'number') request.dimensions = dimensions;
  return { ok: true, decoded: { request, wire: { encodingFormat: format === 'base64' ? 'base64' : 'float' } } };
}
