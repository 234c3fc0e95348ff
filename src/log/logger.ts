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
      const extra = fields ? ' ' + Object.entries(fields).map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`).join(' ') : '';
      write(`[llmposter] ${level === 'info' ? '' : level + ': '}${msg}${extra}`);
    }
  };
  return { debug: emit('debug'), info: emit('info'), warn: emit('warn'), error: emit('error') };
}

/** A logger that drops everything (programmatic use in tests). */
export const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {} };
