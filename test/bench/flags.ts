import { parseArgs } from 'node:util';

export interface BenchFlags {
  /** Tickets to create, and bare workflows to start. */
  n: number;
  /** Calls in flight at once, in both phases. */
  c: number;
  /** Each phase fails once it runs longer than this, so a stuck stack cannot hang the run. */
  timeoutSeconds: number;
  scenario: 'all' | 'tickets' | 'sla';
  /** SLA scenario: tickets, the window their deadlines spread over, and the first-response target. */
  slaK: number;
  slaWindowSeconds: number;
  slaTargetSeconds: number;
}

const usage =
  'usage: npm run bench -- [--scenario all|tickets|sla] [--n 200] [--c 10] [--timeout 300] [--sla-k 200] [--sla-window 20] [--sla-target 10]\n(--sla-window-seconds and --sla-target-seconds are the same as --sla-window and --sla-target)';

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
      scenario: { type: 'string', default: 'all' },
      'sla-k': { type: 'string', default: '200' },
      'sla-window': { type: 'string' },
      'sla-window-seconds': { type: 'string' },
      'sla-target': { type: 'string' },
      'sla-target-seconds': { type: 'string' },
    },
    strict: true,
  });
  const n = integer('n', values.n, 1, 100_000);
  // More lanes than calls would only idle.
  const c = Math.min(n, integer('c', values.c, 1, 1_000));
  const scenario = values.scenario;
  if (scenario !== 'all' && scenario !== 'tickets' && scenario !== 'sla')
    throw new Error(`--scenario must be all, tickets or sla, not ${scenario}\n${usage}`);
  return {
    n,
    c,
    timeoutSeconds: integer('timeout', values.timeout, 1, 3_600),
    scenario,
    slaK: integer('sla-k', values['sla-k'], 1, 100_000),
    slaWindowSeconds: integer('sla-window', seconds(values, 'sla-window', '20'), 1, 3_600),
    slaTargetSeconds: integer('sla-target', seconds(values, 'sla-target', '10'), 1, 3_600),
  };
}

/** `--<name>` or its spelling `--<name>-seconds`; both at once only if they agree. */
function seconds(values: Record<string, unknown>, name: string, fallback: string): string {
  const short = values[name] as string | undefined;
  const long = values[`${name}-seconds`] as string | undefined;
  if (short !== undefined && long !== undefined && short !== long)
    throw new Error(`--${name} ${short} and --${name}-seconds ${long} disagree\n${usage}`);
  return short ?? long ?? fallback;
}
