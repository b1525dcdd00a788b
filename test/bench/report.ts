import { mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BoundedRun } from './bounded';
import type { BenchFlags } from './flags';
import { printSla, type SlaFigures } from './sla-scenario';
import { type LatencySummary, perSecond, summarize } from './stats';

const resultsDir = fileURLToPath(new URL('../../.data/bench/', import.meta.url));

// Stated in the output and the JSON, so a figure is never read as measuring something else.
const ticketsMeasure =
  'POST /api/tickets over HTTP; each answer comes once workflow ticket-<n> has started, written the ticket read-model row and published it (its first two activities)';
const startsMeasure =
  'client.workflow.start of a workflow that returns at once; the start RPC only, not the run (all runs are checked to complete afterwards, untimed)';

interface PhaseFigures {
  measures: string;
  perSecond: number;
  wallMs: number;
  latencyMs: LatencySummary;
}

export interface BenchResult {
  date: string;
  n: number;
  c: number;
  /** Calls of each kind made before timing and left out of the figures. */
  warmup: number;
  node: string;
  cpus: number;
  cpuModel: string;
  platform: string;
  temporalServer: string;
  tickets?: PhaseFigures;
  workflowStarts?: PhaseFigures;
  /** tickets/s ÷ bare workflow starts/s: the share of Temporal's start rate a ticket keeps. */
  ratio?: number;
  sla?: SlaFigures;
}

function figures(measures: string, count: number, run: BoundedRun): PhaseFigures {
  return {
    measures,
    perSecond: perSecond(count, run.wallMs),
    wallMs: Math.round(run.wallMs),
    latencyMs: summarize(run.latenciesMs),
  };
}

export function benchResult(
  flags: BenchFlags,
  warmup: number,
  temporalServer: string,
  throughput: { tickets: BoundedRun; starts: BoundedRun } | null,
  sla: SlaFigures | null,
): BenchResult {
  const ticketFigures = throughput && figures(ticketsMeasure, flags.n, throughput.tickets);
  const startFigures = throughput && figures(startsMeasure, flags.n, throughput.starts);
  return {
    date: new Date().toISOString(),
    n: flags.n,
    c: flags.c,
    warmup,
    node: process.version,
    cpus: os.availableParallelism(),
    cpuModel: os.cpus()[0]?.model ?? 'unknown',
    platform: `${os.platform()} ${os.release()} ${os.arch()}`,
    temporalServer,
    ...(ticketFigures && startFigures
      ? {
          tickets: ticketFigures,
          workflowStarts: startFigures,
          ratio: Math.round((ticketFigures.perSecond / startFigures.perSecond) * 1000) / 1000,
        }
      : {}),
    ...(sla ? { sla } : {}),
  };
}

export function printResult(result: BenchResult): void {
  const latency = ({ p50, p99, min, max }: LatencySummary) =>
    `p50 ${p50} ms, p99 ${p99} ms (min ${min}, max ${max})`;
  console.log(
    `bench: node ${result.node}, ${result.cpus} CPUs, Temporal ${result.temporalServer}; warm-up ${result.warmup} tickets and ${result.warmup} starts not counted`,
  );
  const { tickets, workflowStarts: starts } = result;
  if (tickets && starts) {
    console.log(`tickets: N=${result.n} C=${result.c}`);
    console.log(`tickets/s:                ${tickets.perSecond} (${result.n} in ${tickets.wallMs} ms)`);
    console.log(`  measures: ${tickets.measures}`);
    console.log(`bare workflow starts/s:   ${starts.perSecond} (${result.n} in ${starts.wallMs} ms)`);
    console.log(`  measures: ${starts.measures}`);
    console.log(`ratio tickets/s ÷ starts/s: ${result.ratio}`);
    console.log(`API latency (POST /api/tickets): ${latency(tickets.latencyMs)}`);
    console.log(`start latency (workflow.start):  ${latency(starts.latencyMs)}`);
  }
  if (result.sla) printSla(result.sla);
}

/** Writes `.data/bench/bench-<ISO timestamp>.json` and returns its path relative to the repository. */
export async function writeResult(result: BenchResult): Promise<string> {
  await mkdir(resultsDir, { recursive: true });
  // Colons are not allowed in file names everywhere.
  const file = path.join(resultsDir, `bench-${result.date.replace(/:/g, '-')}.json`);
  await writeFile(file, `${JSON.stringify(result, null, 2)}\n`);
  return path.relative(process.cwd(), file);
}
