import type { UnexpectedExit } from './child';

export const partNames = ['worker', 'api', 'temporal', 'postgres'] as const;
export type PartName = (typeof partNames)[number];

/** One process of the stack that the fault suite kills with SIGKILL and starts again, as a supervisor would. */
export interface Part {
  name: PartName;
  /** Starts it (again) and resolves once it serves: the instant of recovery. */
  start(): Promise<void>;
  /** SIGKILL of its process (for PostgreSQL: the postmaster); resolves once the process is gone. */
  kill(): Promise<void>;
  /** Graceful stop at the end of the run. */
  stop(): Promise<void>;
}

/** Where parts report a death nobody asked for (the suite fails on any). */
export type ExitWatch = (exit: UnexpectedExit) => void;

/** Polls `probe` every 100 ms until it resolves true; fails with `what` after `timeoutMs`. */
export async function until(what: string, probe: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await probe().catch(() => false)) return;
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
