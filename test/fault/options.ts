import { parseArgs } from 'node:util';
import type { FaultOptions } from './harness';
import { type PartName, partNames } from './parts/part';

export type FaultSize = Omit<FaultOptions, 'seed' | 'log'>;

/**
 * The size `npm test` runs, inside CI's time (about 2 minutes on 2 cores): 150 tickets with 300 timers.
 * test/run.ts runs the fault suite alone, after the other files. Denser loads saturate two cores, and
 * then a restarted worker's backlog, not the crash, decides how late overdue timers are (at 200, one
 * run in three had a timer 5.2 s after the worker came back).
 */
export const ciSize: FaultSize = {
  tickets: 150,
  windowSeconds: 60,
  warningAfterSeconds: 15,
  criticalAfterSeconds: 40,
  concurrency: 8,
  kill: [...partNames],
  maxLatenessMs: 5_000,
};

/** FAULT_SEED replays a run; otherwise a fresh seed, which the suite prints. */
export function seedFromEnv(): number {
  const given = process.env.FAULT_SEED;
  if (given !== undefined && given !== '') {
    const seed = Number(given);
    if (!Number.isInteger(seed) || seed < 0 || seed >= 2 ** 32)
      throw new Error(`FAULT_SEED must be an integer from 0 to 2^32 - 1, not ${given}`);
    return seed;
  }
  return Math.floor(Math.random() * 2 ** 32);
}

export const usage =
  'usage: npm run fault -- [--seed N] [--tickets 300] [--window 120] [--warning 20] [--critical 60] [--concurrency 8] [--max-lateness-ms 5000] [--kill worker,api,temporal,postgres (or none)] [--json figures.json]';

/** `npm run fault`'s flags: the same harness, bigger by default. */
export function parseFaultFlags(argv: string[]): FaultSize & { seed: number; json: string | undefined } {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      seed: { type: 'string' },
      tickets: { type: 'string', default: '300' },
      window: { type: 'string', default: '120' },
      warning: { type: 'string', default: '20' },
      critical: { type: 'string', default: '60' },
      concurrency: { type: 'string', default: '8' },
      'max-lateness-ms': { type: 'string', default: '5000' },
      json: { type: 'string' },
      kill: { type: 'string', default: partNames.join(',') },
    },
  });
  const integer = (name: string, raw: string, min: number, max: number) => {
    const value = Number(raw);
    if (!Number.isInteger(value) || value < min || value > max)
      throw new Error(`--${name} must be an integer from ${min} to ${max}, not ${raw}\n${usage}`);
    return value;
  };
  const warning = integer('warning', values.warning, 1, 3_600);
  return {
    seed: values.seed === undefined ? seedFromEnv() : integer('seed', values.seed, 0, 2 ** 32 - 1),
    tickets: integer('tickets', values.tickets, 1, 100_000),
    windowSeconds: integer('window', values.window, 10, 3_600),
    warningAfterSeconds: warning,
    criticalAfterSeconds: integer('critical', values.critical, warning + 1, 7_200),
    concurrency: integer('concurrency', values.concurrency, 1, 1_000),
    maxLatenessMs: integer('max-lateness-ms', values['max-lateness-ms'], 0, 600_000),
    kill: parts(values.kill),
    json: values.json,
  };
}

function parts(list: string): PartName[] {
  if (list === 'none') return [];
  const names = list.split(',');
  const unknown = names.filter((name) => !(partNames as readonly string[]).includes(name));
  if (unknown.length > 0) throw new Error(`--kill: unknown part ${unknown.join(', ')}\n${usage}`);
  return names as PartName[];
}
