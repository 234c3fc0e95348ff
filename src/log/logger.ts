/**
 * Logging goes to stderr (stdout carries only the "listening on" line, so scripts can read it).
 * `--log-format json` prints one JSON object per line; `--verbose` adds per-request lines.
 */
export type LogFormat = 'text' | 'json';
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export interface Logger {
  debug(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
}

export interface LoggerOptions {
  format?: LogFormat;
  verbose?: boolean;
  write?: (line: string) => void;
}

/**
 * @example const log = createLogger({ format: 'json', verbose: true }); log.info('reloaded', { fixtures: 3 });
 */
export function createLogger(opts: LoggerOptions = {}): Logger {
  const format = opts.format ?? 'text';
  const write = opts.write ?? ((line: string) => process.stderr.write(line + '\n'));
  const emit = (level: LogLevel) => (msg: string, fields?: Record<string, unknown>) => {
    if (level === 'debug' && !opts.verbose) return;
    if (format === 'json') {
      write(JSON.stringify({ time: new Date().toISOString(), level, msg, ...fields }));
    } else {
      const extra = fields ? ' ' + Object.entries(fields).map(([k, v]) => `${k}=${textValue(v)}`).join(' ') : '';
      write(`[llmposter] ${level === 'info' ? '' : level + ': '}${textMessage(msg)}${extra}`);
    }
  };
  return { debug: emit('debug'), info: emit('info'), warn: emit('warn'), error: emit('error') };
}

/**
 * Control characters (C0, DEL, C1) except the line break. Requests put what clients send into
 * log lines (`model`, paths, job fields): left raw, a `\n` in a model name writes a line that
 * looks like the server's own, and terminal escapes can rewrite what an operator sees.
 */
const CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029]/g;
/** Needs quoting as a field value: whitespace, quotes, `=`, backslashes, control characters. */
const UNSAFE_IN_VALUE = /[\s"=\\\u0000-\u001f\u007f-\u009f\u2028\u2029]/;
const escapeControl = (c: string) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;

/**
 * The message is written by the server and may span lines (a reload's list of problems):
 * continuation lines are indented so that no line a message writes starts like a log line.
 * @example textMessage('reload failed\na.yaml:1:1: bad') // 'reload failed\n  a.yaml:1:1: bad'
 */
export function textMessage(msg: string): string {
  return msg.replace(CONTROL, escapeControl).replace(/\n/g, '\n  ');
}

/**
 * A field value as one token: plain words as they are, anything with a space, quote, `=`,
 * line break or control character JSON-quoted (logfmt style), so a value can neither end the
 * line nor pass for another `key=value` pair.
 * @example textValue('gpt-4o') // 'gpt-4o'
 * @example textValue('x\n[llmposter] fake') // '"x\\n[llmposter] fake"'
 */
export function textValue(v: unknown): string {
  if (typeof v === 'string' && v !== '' && !UNSAFE_IN_VALUE.test(v)) return v;
  const json = JSON.stringify(v) ?? String(v);
  return json.replace(CONTROL, escapeControl);
}

/** A logger that drops everything (programmatic use in tests). */
export const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {} };
