import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../..', import.meta.url));

/** A process of the stack that the suite runs, kills and restarts; it says why when it dies uninvited. */
export interface Child {
  process: ChildProcess;
  exited: Promise<void>;
  /** The last lines it wrote (logs and errors), for the message when it dies on its own. */
  errors(): string;
}

export interface UnexpectedExit {
  part: string;
  at: number;
  code: number | null;
  signal: NodeJS.Signals | null;
  errors: string;
}

/** Runs `tsx <entry> ...args` from the repository root; `onUnexpectedExit` hears of any exit not asked for. */
export function startChild(
  part: string,
  entry: string,
  args: string[],
  env: Record<string, string>,
  onUnexpectedExit: (exit: UnexpectedExit) => void,
): Child & { expectExit(): void } {
  const child = spawn(process.execPath, ['--import', 'tsx', entry, ...args], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, LOG_LEVEL: 'warn', ...env },
  });
  // Both streams are read to the end: a pipe nobody reads fills up and blocks the child's next log line.
  let errors = '';
  const keep = (chunk: Buffer) => {
    errors = (errors + chunk).slice(-8000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  let expected = false;
  const exited = new Promise<void>((resolve) =>
    child.once('exit', (code, signal) => {
      if (!expected) onUnexpectedExit({ part, at: Date.now(), code, signal, errors: errors.slice(-4000) });
      resolve();
    }),
  );
  return {
    process: child,
    exited,
    errors: () => errors,
    expectExit: () => {
      expected = true;
    },
  };
}

/** SIGKILL, as a crash or the OOM killer would: no draining, no goodbye. Resolves once the pid is gone. */
export async function killHard(pid: number): Promise<void> {
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    return;
  }
  while (isAlive(pid)) await new Promise((resolve) => setTimeout(resolve, 20));
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** SIGTERM, then SIGKILL if it has not stopped within `graceMs`. */
export async function stopChild(child: Child, graceMs = 10_000): Promise<void> {
  if (child.process.exitCode !== null || child.process.signalCode !== null) return;
  child.process.kill('SIGTERM');
  const timer = setTimeout(() => child.process.kill('SIGKILL'), graceMs);
  await child.exited;
  clearTimeout(timer);
}

/** Resolves with `ready`, or fails at once (with its last words) when the child exits before it serves. */
export function readyUnlessExited(child: Child, what: string, ready: Promise<void>): Promise<void> {
  const died = child.exited.then(() => {
    throw new Error(`${what} exited before it served:\n${child.errors().slice(-4000)}`);
  });
  died.catch(() => undefined);
  // Whichever loses the race must not surface later as an unhandled rejection.
  ready.catch(() => undefined);
  return Promise.race([ready, died]);
}

/** The one running process of a part: holds it, and kills (kill -9) or stops it, forgetting it after. */
export function childSlot() {
  let child: (Child & { expectExit(): void }) | null = null;
  return {
    hold(started: Child & { expectExit(): void }) {
      child = started;
    },
    async kill() {
      if (!child?.process.pid) return;
      child.expectExit();
      await killHard(child.process.pid);
      await child.exited;
      child = null;
    },
    async stop() {
      if (!child) return;
      child.expectExit();
      await stopChild(child);
      child = null;
    },
  };
}
