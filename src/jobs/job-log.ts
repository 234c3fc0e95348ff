/**
 * Where the job store's lines go: a file (`--jobs-db`) or memory (tests). The store calls one
 * operation at a time and awaits it, so neither implementation needs locking.
 *
 * The file implementation makes an append durable before it resolves (write, then
 * `fdatasync`): the store answers 201 only after that, so an acknowledged job survives a
 * crash of the process or of the machine. A rewrite goes to a temporary file that is synced
 * and renamed over the old one, so a crash mid-rewrite leaves the old file intact.
 */
import { open, readFile, rename, type FileHandle } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

export interface JobLog {
  /** Name for messages (the path). */
  readonly label: string;
  /** The whole text, or null when there is nothing yet. */
  read(): Promise<string | null>;
  /** Add `text` at the end; resolves once it is durable. */
  append(text: string): Promise<void>;
  /** Replace everything with `text`, atomically; resolves once it is durable. */
  rewrite(text: string): Promise<void>;
  close(): Promise<void>;
}

/**
 * The log in a file.
 * @example const log = new FileJobLog('./jobs.jsonl'); await log.append('{"drop":"job_1"}\n');
 */
export class FileJobLog implements JobLog {
  readonly label: string;
  readonly #path: string;
  readonly #temp: string;
  #handle: FileHandle | null = null;

  constructor(path: string) {
    this.#path = path;
    this.label = path;
    this.#temp = join(dirname(path), `.${basename(path)}.tmp`);
  }

  async read(): Promise<string | null> {
    try {
      return await readFile(this.#path, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw err;
    }
  }

  async append(text: string): Promise<void> {
    this.#handle ??= await open(this.#path, 'a');
    await this.#handle.write(text);
    await this.#handle.datasync();
  }

  async rewrite(text: string): Promise<void> {
    const temp = await open(this.#temp, 'w');
    try {
      await temp.write(text);
      await temp.datasync();
    } finally {
      await temp.close();
    }
    // The append handle points at the file about to be replaced: reopen on the next append.
    await this.#closeHandle();
    await rename(this.#temp, this.#path);
    await syncDirectory(dirname(this.#path));
  }

  async close(): Promise<void> {
    await this.#closeHandle();
  }

  async #closeHandle(): Promise<void> {
    const h = this.#handle;
    this.#handle = null;
    await h?.close();
  }
}

/** Make a rename durable. Some platforms (Windows) cannot open a directory; there the rename has to do. */
async function syncDirectory(dir: string): Promise<void> {
  let handle: FileHandle | undefined;
  try {
    handle = await open(dir, 'r');
    await handle.sync();
  } catch {
    // best effort
  } finally {
    await handle?.close().catch(() => undefined);
  }
}

/**
 * The log in memory, counting operations; tests pass it to see how writes are batched.
 * `gate`, when set, holds every operation until the promise it returns resolves.
 */
export class MemoryJobLog implements JobLog {
  readonly label = 'memory';
  text: string | null;
  appends = 0;
  rewrites = 0;
  gate: (() => Promise<void>) | null = null;
  /** Makes the next operations fail (e.g. a full disk). */
  failWith: Error | null = null;

  constructor(text: string | null = null) {
    this.text = text;
  }

  async read(): Promise<string | null> {
    return this.text;
  }

  async append(text: string): Promise<void> {
    await this.#pass();
    this.appends++;
    this.text = (this.text ?? '') + text;
  }

  async rewrite(text: string): Promise<void> {
    await this.#pass();
    this.rewrites++;
    this.text = text;
  }

  async close(): Promise<void> {}

  async #pass(): Promise<void> {
    if (this.gate) await this.gate();
    if (this.failWith) throw this.failWith;
  }
}
