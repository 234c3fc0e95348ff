/**
 * Reading a response body while a fake clock drives the server: the body is read in the
 * background, and a test moves the clock and then waits for the bytes that must have come.
 */

/** Let the server and the client move whatever I/O is pending (a fake clock only moves timers). */
export const settle = () => new Promise((r) => setTimeout(r, 50));

export interface BackgroundRead {
  /** What has arrived so far. */
  text(): string;
  ended(): boolean;
  done: Promise<void>;
}

/** Read `res` in the background. */
export function readInBackground(res: Response): BackgroundRead {
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let text = '';
  let ended = false;
  const done = (async () => {
    for (;;) {
      const next = await reader.read();
      if (next.done) break;
      text += decoder.decode(next.value, { stream: true });
    }
    text += decoder.decode();
    ended = true;
  })();
  return { text: () => text, ended: () => ended, done };
}

/** Wait until `n` characters arrived (bounded by the test's timeout), then a little more: nothing else may come. */
export async function untilLength(read: BackgroundRead, n: number): Promise<void> {
  while (read.text().length < n) await settle();
  await settle();
}
