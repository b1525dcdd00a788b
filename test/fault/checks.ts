import type { Client } from '@temporalio/client';
import type { Knex } from 'knex';
import type { LoadResult } from './load';

/** A part's outage: from its kill to the instant it served again. */
export interface Outage {
  part: string;
  killedAt: number;
  recoveredAt: number;
}

export interface TimerKind {
  /** The notice kind its effect leaves, and the change-log event. */
  notice: string;
  event: string;
  afterMs: number;
}

export interface Timer {
  ticket: number;
  kind: string;
  dueAt: number;
  effectAt: number | null;
  notices: number;
  changes: number;
  /** The instant it could fire at the earliest: its due time, or the end of the last outage it fell in. */
  baseline: number;
  /** The outage it was overdue in, if any. */
  during: string | null;
}

/**
 * The later of the timer's due instant and the recovery of any outage it was caught in: due before that
 * outage ended, and not yet effected when it began.
 */
export function baselineOf(dueAt: number, effectAt: number, outages: readonly Outage[]) {
  let baseline = dueAt;
  let during: string | null = null;
  for (const outage of outages) {
    if (dueAt <= outage.recoveredAt && effectAt > outage.killedAt && outage.recoveredAt > baseline) {
      baseline = outage.recoveredAt;
      during = outage.part;
    }
  }
  return { baseline, during };
}

const countBy = (rows: { ticketNumber: number; key: string; n: string | number }[]) =>
  new Map(rows.map((row) => [`${row.ticketNumber}/${row.key}`, Number(row.n)]));

/** Every timer of every ticket the load opened, with its effect (first notice) and how often it acted. */
export async function readTimers(
  knex: Knex,
  numbers: readonly number[],
  kinds: readonly TimerKind[],
  outages: readonly Outage[],
): Promise<Timer[]> {
  const tickets = await knex('tickets').whereIn('number', numbers).select('number', 'createdAt');
  const notices = await knex('notices')
    .whereIn('ticketNumber', numbers)
    .whereIn(
      'kind',
      kinds.map((kind) => kind.notice),
    )
    .groupBy('ticketNumber', 'kind')
    .select('ticketNumber', { key: 'kind' }, knex.raw('count(*) as n'), knex.raw('min(created_at) as first'));
  const firstNotice = new Map(
    notices.map((row) => [`${row.ticketNumber}/${row.key}`, new Date(row.first).getTime()]),
  );
  const changes = countBy(
    await knex('ticketChanges')
      .whereIn('ticketNumber', numbers)
      .whereIn(
        'event',
        kinds.map((kind) => kind.event),
      )
      .groupBy('ticketNumber', 'event')
      .select('ticketNumber', { key: 'event' }, knex.raw('count(*) as n')),
  );
  const noticeCounts = countBy(notices);
  return tickets.flatMap((ticket) =>
    kinds.map((kind) => {
      const dueAt = new Date(ticket.createdAt).getTime() + kind.afterMs;
      const effectAt = firstNotice.get(`${ticket.number}/${kind.notice}`) ?? null;
      const { baseline, during } =
        effectAt === null ? { baseline: dueAt, during: null } : baselineOf(dueAt, effectAt, outages);
      return {
        ticket: ticket.number,
        kind: kind.notice,
        dueAt,
        effectAt,
        notices: noticeCounts.get(`${ticket.number}/${kind.notice}`) ?? 0,
        changes: changes.get(`${ticket.number}/${kind.event}`) ?? 0,
        baseline,
        during,
      };
    }),
  );
}

export interface Findings {
  /** Each a sentence naming what broke; the suite passes when there are none. */
  problems: string[];
  tickets: number;
  runningWorkflows: number;
}

/**
 * Tickets, messages and workflows against what the load sent; timers against exactly once, never early,
 * and, when they fell due in an outage, within `maxLatenessMs` of its recovery (others' lateness is a
 * figure: it measures the machine's load, not the crash).
 */
export async function check(
  knex: Knex,
  client: Client,
  taskQueue: string,
  departmentId: number,
  load: LoadResult,
  timers: readonly Timer[],
  maxLatenessMs: number,
): Promise<Findings> {
  const problems: string[] = [];
  const givenUp = load.sent.filter((sent) => !sent.outcome.ok);
  for (const sent of givenUp.slice(0, 10))
    problems.push(
      `${sent.kind} #${sent.index} not accepted: ${sent.outcome.status} ${JSON.stringify(sent.outcome.body)} after ${sent.outcome.attempts} attempts (${sent.outcome.failures.slice(-3).join(', ')})`,
    );
  if (givenUp.length > 10) problems.push(`…and ${givenUp.length - 10} more commands not accepted`);

  const numbers = load.numbers.filter((number): number is number => number !== null);
  const tickets = await knex('tickets').where({ departmentId }).select('number', 'subject');
  const subjects = new Set(tickets.map((ticket) => ticket.subject));
  if (tickets.length !== load.numbers.length || subjects.size !== tickets.length)
    problems.push(
      `${tickets.length} tickets (${subjects.size} distinct subjects) for ${load.numbers.length} create keys`,
    );
  if (new Set(numbers).size !== numbers.length)
    problems.push('two create keys were answered the same ticket');

  const messages = await knex('messages')
    .whereIn('ticketNumber', numbers)
    .groupBy('ticketNumber', 'accepted')
    .select('ticketNumber', 'accepted', knex.raw('count(*) as n'));
  load.numbers.forEach((number, index) => {
    if (number === null) return;
    const accepted = Number(messages.find((row) => row.ticketNumber === number && row.accepted)?.n ?? 0);
    const expected = load.expectedMessages[index]!;
    if (accepted !== expected) problems.push(`ticket ${number}: ${accepted} messages, ${expected} sent`);
  });
  const unaccepted = messages.filter((row) => !row.accepted).reduce((sum, row) => sum + Number(row.n), 0);
  if (unaccepted > 0) problems.push(`${unaccepted} messages stored but never accepted by their workflow`);

  const running = new Map<string, number>();
  for await (const execution of client.workflow.list({
    query: `TaskQueue = '${taskQueue}' AND ExecutionStatus = 'Running'`,
  }))
    if (execution.workflowId.startsWith('ticket-'))
      running.set(execution.workflowId, (running.get(execution.workflowId) ?? 0) + 1);
  const notRunning = numbers.filter((number) => !running.has(`ticket-${number}`));
  if (notRunning.length > 0)
    problems.push(`workflows not running: ticket-${notRunning.slice(0, 10).join(', ticket-')}`);
  const strays = [...running.keys()].filter((id) => !numbers.includes(Number(id.slice('ticket-'.length))));
  if (strays.length > 0)
    problems.push(`ticket workflows nobody was answered: ${strays.slice(0, 10).join(', ')}`);

  for (const timer of timers) {
    const name = `ticket ${timer.ticket} ${timer.kind}`;
    if (timer.notices !== 1 || timer.changes !== 1)
      problems.push(`${name}: ${timer.notices} notices and ${timer.changes} change-log rows, not 1 and 1`);
    else if (timer.effectAt! < timer.dueAt)
      problems.push(`${name}: fired ${timer.dueAt - timer.effectAt!} ms early`);
    else if (timer.during !== null && timer.effectAt! - timer.baseline > maxLatenessMs)
      problems.push(
        `${name}: overdue in the ${timer.during} outage, ${timer.effectAt! - timer.baseline} ms after recovery`,
      );
  }
  return { problems, tickets: tickets.length, runningWorkflows: running.size };
}

/** How many of the department's timers are more than `graceMs` past due without their effect. */
export async function overdueCount(
  knex: Knex,
  departmentId: number,
  kinds: readonly TimerKind[],
  graceMs: number,
): Promise<number> {
  let overdue = 0;
  for (const kind of kinds) {
    const [row] = (
      await knex.raw(
        `select count(*) as n from tickets t
          where t.department_id = ? and t.created_at + make_interval(secs => ?) < now() - make_interval(secs => ?)
            and not exists (select 1 from notices n where n.ticket_number = t.number and n.kind = ?)`,
        [departmentId, kind.afterMs / 1000, graceMs / 1000, kind.notice],
      )
    ).rows;
    overdue += Number(row.n);
  }
  return overdue;
}
