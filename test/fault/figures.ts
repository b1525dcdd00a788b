import { summarize } from '../bench/stats';
import type { Findings, Outage, Timer } from './checks';
import type { LoadResult } from './load';

const tally = (items: readonly string[]) => {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(item, (counts.get(item) ?? 0) + 1);
  return [...counts].map(([item, count]) => `${item} ${count}`).join(', ') || 'none';
};

const summary = (ms: readonly number[]) => {
  if (ms.length === 0) return 'none';
  const { p50, p99, max } = summarize(ms);
  return `p50 ${p50} ms, p99 ${p99} ms, max ${max} ms`;
};

const lateness = (timers: readonly Timer[]) => {
  const late = timers
    .filter((timer) => timer.effectAt !== null)
    .map((timer) => timer.effectAt! - timer.baseline);
  return late.length === 0 ? 'none' : `${summary(late)} (${late.length} timers)`;
};

/** The run in figures, one line each, for the log of the test and of `npm run fault`. */
export function figures(
  seed: number,
  startedAt: number,
  load: LoadResult,
  outages: readonly Outage[],
  timers: readonly Timer[],
  findings: Findings,
  unexpectedExits: number,
): string[] {
  const since = (at: number) => `+${((at - startedAt) / 1000).toFixed(1)} s`;
  const attempts = load.sent.reduce((sum, sent) => sum + sent.outcome.attempts, 0);
  const inOutage = timers.filter((timer) => timer.during !== null);
  const dueDuring = (outage: Outage) =>
    timers.filter((timer) => timer.dueAt >= outage.killedAt && timer.dueAt <= outage.recoveredAt).length;
  return [
    `seed ${seed} (FAULT_SEED=${seed} replays the same load and kill moments)`,
    `tickets: ${findings.tickets} in the database for ${load.numbers.length} create keys; ${findings.runningWorkflows} ticket workflows running`,
    `commands: ${load.sent.length} (${tally(load.sent.map((sent) => sent.kind))}); attempts ${attempts}, retries ${attempts - load.sent.length}`,
    `retried because: ${tally(load.sent.flatMap((sent) => sent.outcome.failures))}`,
    `answers: ${tally(load.sent.map((sent) => String(sent.outcome.status)))}`,
    `command time, first attempt to answer: ${summary(load.sent.map((sent) => sent.outcome.tookMs))}`,
    ...outages.map(
      (outage) =>
        `kill -9 ${outage.part} at ${since(outage.killedAt)}: serving again ${outage.recoveredAt - outage.killedAt} ms later; ${dueDuring(outage)} timers came due meanwhile`,
    ),
    `timers: ${timers.length} (${tally(timers.map((timer) => timer.kind))}); ${inOutage.length} overdue in an outage (${tally(inOutage.map((timer) => timer.during!))})`,
    `lateness after due time or recovery, all timers: ${lateness(timers)}`,
    `lateness after recovery, timers overdue in an outage: ${lateness(inOutage)}`,
    `parts that died uninvited: ${unexpectedExits}`,
    `problems: ${findings.problems.length}`,
  ];
}
