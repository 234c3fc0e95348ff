// Server processes for the bench: each server under test runs on CPU 0 and this process (the
// load generator) on CPU 1, so neither steals the other's core and the server's throughput is
// what one core gives it. Without `taskset` (or with one core) we say so and run unpinned.
import { spawn, spawnSync } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { readFileSync } from 'node:fs';

const SERVER_CPU = '0';
const LOADGEN_CPU = '1';

/** Pin this process to the load-generator core. Returns a line describing the set-up. */
export function pinLoadGenerator() {
  const cores = availableParallelism();
  const taskset = spawnSync('taskset', ['-cp', LOADGEN_CPU, String(process.pid)], { encoding: 'utf8' });
  if (cores >= 2 && taskset.status === 0) {
    return { pinned: true, line: `pinned: servers on CPU ${SERVER_CPU}, load generator on CPU ${LOADGEN_CPU} (${cores} cores)` };
  }
  const why = cores < 2 ? `only ${cores} core` : 'taskset not available';
  return { pinned: false, line: `NOT pinned (${why}): servers and load generator share cores; ratios are less trustworthy` };
}

/**
 * Start `node <args>` (under `taskset -c 0` when pinned) and wait for its "listening on <url>"
 * line. `cpuSeconds()` reads the process's user+system CPU time from /proc, so the bench can
 * show whether a server was saturated (the comparison is only fair when it was).
 */
export function startServer(name, args, pinned) {
  const [cmd, argv] = pinned ? ['taskset', ['-c', SERVER_CPU, process.execPath, ...args]] : [process.execPath, args];
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, argv, { stdio: ['ignore', 'pipe', 'inherit'] });
    const giveUp = setTimeout(() => { child.kill('SIGKILL'); reject(new Error(`${name} printed no "listening on <url>" within 15 s`)); }, 15_000);
    let out = '';
    const onData = (d) => {
      out += d;
      const m = out.match(/listening on (http:\/\/\S+)/);
      if (!m) return;
      child.stdout.off('data', onData);
      child.stdout.resume();
      child.off('close', onEarlyClose);
      clearTimeout(giveUp);
      resolve({
        name,
        url: m[1],
        pid: child.pid,
        cpuSeconds: () => cpuSeconds(child.pid),
        stop: () => new Promise((r) => { if (child.exitCode !== null) return r(); child.on('close', r); child.kill('SIGTERM'); }),
      });
    };
    const onEarlyClose = (code) => {
      clearTimeout(giveUp);
      reject(new Error(`${name} (${argv.join(' ')}) exited ${code} before listening`));
    };
    child.stdout.on('data', onData);
    child.on('close', onEarlyClose);
  });
}

const TICKS_PER_SECOND = 100;
function cpuSeconds(pid) {
  try {
    // Fields after the command name: state is field 3, utime 14, stime 15 (1-based).
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
  } catch {
    return NaN;
  }
}

/**
 * CPU time the hypervisor gave to other guests while it was due to this machine's server core
 * and load-generator core (the `steal` column of /proc/stat), in seconds. On a shared host it
 * is what makes one round of a row come out far worse than the rest, for whichever server
 * happened to run then; the bench prints it so a reader can tell. NaN where /proc is missing.
 */
export function stealSeconds() {
  try {
    const lines = readFileSync('/proc/stat', 'utf8').split('\n');
    const steal = (cpu) => Number(lines.find((l) => l.startsWith(`cpu${cpu} `))?.trim().split(/\s+/)[8]) / TICKS_PER_SECOND;
    return { server: steal(SERVER_CPU), loadgen: steal(LOADGEN_CPU) };
  } catch {
    return { server: NaN, loadgen: NaN };
  }
}

/** The larger share of `wallSeconds` the host took from either pinned core since `before` (a `stealSeconds()` reading). */
export function stolenSince(before, wallSeconds) {
  const now = stealSeconds();
  return Math.max(now.server - before.server, now.loadgen - before.loadgen) / wallSeconds;
}

/** For a round's line: how much the host took, when it took 1% or more (such a round's figure is the host's as much as the server's). */
export const stolenNote = (share) => (share >= 0.01 ? ` (${Math.round(share * 100)}% stolen)` : '');
