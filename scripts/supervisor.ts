import type { Logger } from '../config/logger';

/** One run of a supervised part: resolves `exited` with how it ended. */
export interface Running {
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  stop(): Promise<void>;
  /** Its last lines of output, logged with its death (they often say why). */
  lastOutput?(): string[];
}

export interface Part {
  /** As a log line names it: "the Temporal dev server". */
  name: string;
  start(): Promise<Running>;
}

export interface SupervisorOptions {
  log: Logger;
  /** Deaths within `windowMs` after which the supervisor gives up (default 5 within a minute). */
  maxDeaths?: number;
  windowMs?: number;
  /** Wait before the first restart, doubled for each further death in the window (default 1 s). */
  firstDelayMs?: number;
  /** Called once when a part died too often; the caller stops everything. */
  giveUp(message: string): void;
}

const how = ({ code, signal }: { code: number | null; signal: NodeJS.Signals | null }) =>
  signal ? `signal ${signal}` : `exit code ${code}`;

/**
 * Keeps parts running: a part that dies is started again (after 1, 2, 4… s, at most 10 s), with a
 * log line saying what died; one that dies `maxDeaths` times within `windowMs` makes it give up.
 */
export function createSupervisor(options: SupervisorOptions) {
  const maxDeaths = options.maxDeaths ?? 5;
  const windowMs = options.windowMs ?? 60_000;
  const firstDelayMs = options.firstDelayMs ?? 1_000;
  const current = new Map<Part, Running>();
  let stopping = false;
  let gaveUp = false;

  function keep(part: Part, running: Running): void {
    const deaths: number[] = [];
    const watch = (run: Running) => {
      current.set(part, run);
      void run.exited.then((ending) => {
        if (stopping) return;
        const lastOutput = run.lastOutput?.() ?? [];
        if (lastOutput.length > 0)
          options.log.error({ part: part.name, lastOutput }, `${part.name}: its last output`);
        void revive(`died (${how(ending)})`);
      });
    };
    const revive = async (what: string): Promise<void> => {
      const now = Date.now();
      deaths.push(now);
      while (deaths.length > 0 && (deaths[0] ?? now) < now - windowMs) deaths.shift();
      if (deaths.length >= maxDeaths) {
        if (gaveUp) return;
        gaveUp = true;
        options.giveUp(
          `${part.name} ${what}, its ${deaths.length}th failure within ${windowMs / 1000} s: giving up`,
        );
        return;
      }
      const delay = Math.min(firstDelayMs * 2 ** (deaths.length - 1), 10 * firstDelayMs);
      options.log.error({ part: part.name }, `${part.name} ${what}; restarting it in ${delay / 1000} s`);
      await new Promise((resolve) => setTimeout(resolve, delay));
      if (stopping) return;
      try {
        const run = await part.start();
        if (stopping) return void (await run.stop());
        watch(run);
        options.log.info({ part: part.name }, `${part.name} restarted`);
      } catch (error) {
        options.log.error({ part: part.name, err: error }, `${part.name} did not restart`);
        await revive('failed to start');
      }
    };
    watch(running);
  }

  return {
    /** Starts `part` (a failure here is the caller's) and keeps it running from then on. */
    async run(part: Part): Promise<void> {
      keep(part, await part.start());
    },
    /** Stops every part, the last started first. */
    async stopAll(onError: (part: Part, error: unknown) => void): Promise<void> {
      stopping = true;
      for (const [part, running] of [...current].reverse()) {
        await running.stop().catch((error) => onError(part, error));
      }
    },
  };
}
