import { parseArgs } from 'node:util';

export interface BenchFlags {
  /** Tickets to create, and bare workflows to start. */
  n: number;
  /** Calls in flight at once, in both phases. */
  c: number;
  /** Each phase fails once it runs longer than this, so a stuck stack cannot hang the run. */
  timeoutSeconds: number;
}

const usage = 'usage: npm run bench -- [--n 200] [--c 10] [--timeout 300]';

function integer(name: string, raw: string, min: number, max: number): number {
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max)
    throw new Error(`--${name} must be an integer from ${min} to ${max}, not ${raw}\n${usage}`);
  return value;
}

export function parseFlags(argv: string[]): BenchFlags {
  const { values } = parseArgs({
    args: argv,
    options: {
      n: { type: 'string', default: '200' },
      c: { type: 'string', default: '10' },
      timeout: { type: 'string', default: '300' },
    },
    strict: true,
  });
  const n = integer('n', values.n, 1, 100_000);
  // More lanes than calls would only idle.
  const c = Math.min(n, integer('c', values.c, 1, 1_000));
  return { n, c, timeoutSeconds: integer('timeout', values.timeout, 1, 3_600) };
}
