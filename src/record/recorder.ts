/**
 * The record side of a proxied request: turn what passed through into fixtures (redacted),
 * add them to the right file, then reload the server's fixtures, so that in `record-missing`
 * the very next identical request is answered from the new file. `save` never rejects: a
 * recording that cannot be saved is logged and the client's response is unaffected.
 */
import type { Logger } from '../log/logger.js';
import { buildFixtures, type RecordedExchange } from './fixture-object.js';
import { RecordFiles, sessionFileName, testIdFileName } from './record-files.js';
import type { Redactor } from './redact.js';

export interface RecorderOptions {
  dir: string;
  redactor: Redactor;
  /** `--record-exact`: also keep the frames verbatim (`raw:`). */
  exact: boolean;
  /** `--record-partial`: keep what arrived before a client abort. */
  partial: boolean;
  reload: () => Promise<void>;
  logger: Logger;
  unixSeconds: () => number;
}

export interface SaveContext {
  mode: 'record' | 'record-missing';
  /** The request's `x-llmposter-test-id`, as sent. */
  testId?: string;
  /** The upstream's host (never its credentials). */
  host: string;
  /** This request's credentials (header values, injected key): masked wherever they appear. */
  secrets: string[];
}

export class Recorder {
  readonly files: RecordFiles;
  private session: string | undefined;

  constructor(private readonly opts: RecorderOptions) {
    this.files = new RecordFiles(opts.dir);
  }

  get partial(): boolean {
    return this.opts.partial;
  }

  /** Build, write, reload. Resolves when the new fixtures are live (or the failure is logged). */
  async save(x: RecordedExchange, ctx: SaveContext): Promise<void> {
    const built = buildFixtures(x, { redactor: this.opts.redactor.with(ctx.secrets), exact: this.opts.exact });
    if (!built.ok) {
      this.opts.logger.warn(`not recorded: ${built.reason}`);
      return;
    }
    if (built.fixtures.length === 0) return;
    const name = ctx.testId !== undefined && ctx.testId.trim() !== '' ? testIdFileName(ctx.testId) : (this.session ??= sessionFileName(this.opts.unixSeconds()));
    try {
      await this.files.save({ name, fixtures: built.fixtures, fresh: ctx.mode === 'record', hosts: [ctx.host], mode: ctx.mode, unixSeconds: this.opts.unixSeconds() });
    } catch (err) {
      this.opts.logger.error(`recording not saved to ${name}: ${(err as Error).message}`);
      return;
    }
    this.opts.logger.info(`recorded ${built.fixtures.length} fixture(s) to ${name}`);
    try {
      await this.opts.reload();
    } catch (err) {
      // Saved, but some fixture file does not load: the previous set keeps serving until it is fixed.
      this.opts.logger.error(`recorded to ${name}, but the fixtures did not reload; still serving the previous set\n${(err as Error).message}`);
    }
  }
}
