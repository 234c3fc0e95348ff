/**
 * What HTTP lets a header carry, checked when fixtures load: a header Node refuses to send
 * would otherwise turn every matching request into a broken 500, and a header name no request
 * can carry would make a `match.headers` entry that never matches.
 */

/** RFC 9110 `token`: the characters a header name may use. */
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
/** What Node's http module accepts in a header value: tab, visible ASCII and Latin-1. */
const BAD_VALUE_CHAR = /[^\t\x20-\x7e\x80-\xff]/u;

/**
 * @example headerNameProblem('retry-after') // undefined
 * @example headerNameProblem('retry after') // 'header name "retry after" is not a valid HTTP header name: ...'
 */
export function headerNameProblem(name: string): string | undefined {
  if (name.trim() === '') return 'header name must not be blank';
  if (TOKEN.test(name)) return undefined;
  return `header name ${JSON.stringify(name)} is not a valid HTTP header name: use letters, digits and ! # $ % & ' * + - . ^ _ \` | ~ only (no spaces, colons or quotes)`;
}

/** Headers the server sets from the body it sends: a fixture's value would break the framing. */
const FRAMING_HEADERS = new Set(['content-length', 'transfer-encoding']);

/**
 * Why a fixture may not set this response header, or undefined.
 * @example responseHeaderProblem('Content-Length') // 'header "Content-Length" is set by llmposter ...'
 */
export function responseHeaderProblem(name: string): string | undefined {
  if (!FRAMING_HEADERS.has(name.toLowerCase())) return undefined;
  return `header "${name}" is set by llmposter from the body it sends; a fixture's value would break the response (a client would wait for bytes that never come, or read past the end): remove it`;
}

/**
 * @example headerValueProblem('2') // undefined
 * @example headerValueProblem('a\nb') // 'header value has a line break (\\n), which HTTP headers cannot carry'
 */
export function headerValueProblem(value: string): string | undefined {
  const bad = BAD_VALUE_CHAR.exec(value);
  if (!bad) return undefined;
  const c = bad[0];
  const code = c.codePointAt(0)!;
  const what =
    c === '\n' || c === '\r'
      ? `a line break (${JSON.stringify(c).slice(1, -1)})`
      : code < 0x20 || code === 0x7f
        ? `a control character (U+${code.toString(16).toUpperCase().padStart(4, '0')})`
        : `the character ${JSON.stringify(c)} (U+${code.toString(16).toUpperCase().padStart(4, '0')}; header values are limited to Latin-1)`;
  return `header value has ${what}, which HTTP headers cannot carry`;
}
