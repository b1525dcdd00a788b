import { setTimeout as sleep } from 'node:timers/promises';
import type { Knex } from 'knex';
import { createTicket } from './api-client';
import { mebibytes, sampleMemory } from './memory';
import type { Load } from './phases';
import type { BenchStack } from './stack';
import { type LatencySummary, summarize } from './stats';

export interface SlaOptions {
  /** Tickets to open, each with its own first-response deadline. */
  k: number;
  /** Tickets are opened evenly over this window, so their deadlines spread over it too. */
  windowMs: number;
  /** The first-response target: each deadline is its ticket's creation plus this. */
  targetMs: number;
}

/** How many of the K tickets got an action, and how many got it more than once. */
export interface Occurrences {
  done: number;
  missing: number;
  /** Extra rows beyond one per ticket: the promise is "once". */
  repeated: number;
}

export interface SlaFigures {
  measures: string;
  k: number;
  windowMs: number;
  targetMs: number;
  /** First to last ticket creation (the workflows' clock): how far the deadlines really spread. */
  deadlinesSpreadMs: number;
  /** Tickets whose first-response clock breached at another instant than creation + target: must be 0. */
  dueMismatches: number;
  /** The rule's transfer (the escalation) per ticket. */
  escalations: Occurrences;
  /** The rule's notice to the department's managers per ticket (one manager). */
  ruleNotices: Occurrences;
  /** The workflow task that handled the breach timer, by the workflow's clock, after the deadline. */
  timerLateMs: LatencySummary | null;
  /** The rule's transfer, by the workflow's clock (ticket_changes.at), after the deadline. */
  transferLateMs: LatencySummary | null;
  /** The rule's notice row, by the database clock at insert, after the deadline: end to end. */
  ruleNoticeLateMs: LatencySummary | null;
  /** The workflow's own breach notice (kind sla-breached), by the database clock at insert. */
  breachNoticeLateMs: LatencySummary | null;
  /** The bench process (worker, API and load) when the scenario began, and its peaks during it. */
  rssAtStartMiB: number;
  peakRssMiB: number;
  heapUsedAtStartMiB: number;
  peakHeapUsedMiB: number;
}

const measures =
  "K tickets opened through the API evenly over the window, in a department whose first-response policy has the target and whose rule \"on breach: transfer to Level 2, then notify the managers\" escalates them; lateness = the action's time minus the ticket's due instant (creation + target, 24/7): the transfer by the workflow's clock, the notices by the database clock at insert; memory = the bench process, sampled every 100 ms: it runs the worker, the API and the load (the Temporal dev server and PostgreSQL are other processes, not counted)";

/** A department of the bench's own, with a policy and an escalation rule that only it matches. */
async function configure(knex: Knex, targetMs: number) {
  const brand = await knex('brands').first('id');
  const [department] = await knex('departments')
    .insert({ brandId: brand.id, name: 'Bench SLA' })
    .returning('id');
  await knex('groups').insert({ departmentId: department.id, name: 'Level 1' });
  const [level2] = await knex('groups')
    .insert({ departmentId: department.id, name: 'Level 2' })
    .returning('id');
  // The bench opens tickets as the demo manager, who must manage the department; the rule's notice
  // goes to the department's managers: one row per ticket.
  const manager = await knex('staff').where({ role: 'manager' }).first('id');
  await knex('departmentManagers').insert({ departmentId: department.id, staffId: manager.id });
  const conditions = JSON.stringify({
    all: [{ field: 'department', op: 'in', value: [department.id] }],
    any: [],
  });
  await knex('slaPolicies').insert({
    name: 'Bench first response',
    position: -1,
    conditions,
    targets: JSON.stringify([
      { kind: 'firstResponse', withinMs: targetMs, businessHours: false, warning: null },
    ]),
  });
  const [rule] = await knex('automationRules')
    .insert({
      name: 'Bench escalation',
      position: -1,
      conditions,
      trigger: JSON.stringify({ on: 'slaBreached' }),
      actions: JSON.stringify([
        { type: 'transfer', departmentId: null, groupId: level2.id, agentId: null },
        { type: 'notify', to: { managers: true }, email: false, note: 'Bench: first response breached' },
      ]),
      webhookSecret: 'bench',
    })
    .returning('id');
  return { departmentId: department.id as number, ruleId: rule.id as number };
}

interface Timed {
  ticketNumber: number;
  /** When the action happened. */
  at: Date;
  /** The ticket's creation, by the workflow's clock. */
  createdAt: Date;
}

function occurrences(k: number, rows: readonly Timed[]): Occurrences {
  const tickets = new Set(rows.map((row) => row.ticketNumber));
  return { done: tickets.size, missing: k - tickets.size, repeated: rows.length - tickets.size };
}

/**
 * Opens K tickets evenly over the window, waits until each deadline has passed and its escalation ran,
 * and measures how late each action ran: the promise is "on time, once", so missing and repeated
 * escalations are counted too.
 */
export async function runSlaScenario(
  stack: BenchStack,
  token: string,
  load: Load,
  options: SlaOptions,
): Promise<SlaFigures> {
  const { knex } = stack;
  const { departmentId, ruleId } = await configure(knex, options.targetMs);
  const memory = sampleMemory();
  const begin = Date.now();
  const opening: Promise<void>[] = [];
  for (let index = 0; index < options.k; index++) {
    const at = begin + (index * options.windowMs) / options.k;
    await sleep(Math.max(0, at - Date.now()), undefined, { signal: load.signal });
    opening.push(
      createTicket(
        stack.apiUrl,
        token,
        departmentId,
        `sla-${index}`,
        AbortSignal.any([AbortSignal.timeout(30_000), load.signal]),
      ),
    );
  }
  await Promise.all(opening);

  const inDepartment = { 't.departmentId': departmentId };
  const transfers = (): Promise<Timed[]> =>
    knex('ticketChanges as c')
      .join('tickets as t', 't.number', 'c.ticketNumber')
      .where({ 'c.ruleId': ruleId, 'c.event': 'transferred', ...inDepartment })
      .select('c.ticketNumber', 'c.at', 't.createdAt');
  const notices = (where: Record<string, unknown>): Promise<Timed[]> =>
    knex('notices as n')
      .join('tickets as t', 't.number', 'n.ticketNumber')
      .where({ ...where, ...inDepartment })
      .select('n.ticketNumber', 'n.createdAt as at', 't.createdAt');
  const ruleNotices = () => notices({ 'n.kind': 'rule', 'n.ruleId': ruleId });
  const complete = async () =>
    occurrences(options.k, await transfers()).missing === 0 &&
    occurrences(options.k, await ruleNotices()).missing === 0;

  // The last deadline is the last creation plus the target; the phase timeout bounds the wait after it.
  const giveUpAt = Date.now() + options.targetMs + load.timeoutMs;
  while (!(await complete()) && Date.now() < giveUpAt) await sleep(250, undefined, { signal: load.signal });
  await sleep(1_000, undefined, { signal: load.signal }); // A repeated escalation would show by now.
  const used = memory.stop();

  const dueOf = (row: Timed) => row.createdAt.getTime() + options.targetMs;
  const lateness = (rows: readonly Timed[]) =>
    rows.length > 0 ? summarize(rows.map((row) => row.at.getTime() - dueOf(row))) : null;
  const transferRows = await transfers();
  const ruleNoticeRows = await ruleNotices();
  const breachNoticeRows = await notices({ 'n.kind': 'sla-breached' });

  // The first slaCheck after the deadline is the one that handled the breach timer.
  const checks: Timed[] = await knex('ticketChanges as c')
    .join('tickets as t', 't.number', 'c.ticketNumber')
    .where({ 'c.event': 'slaCheck', ...inDepartment })
    .select('c.ticketNumber', 'c.at', 't.createdAt');
  const firstCheck = new Map<number, Timed>();
  for (const check of checks) {
    const earlier = firstCheck.get(check.ticketNumber);
    if (check.at.getTime() > dueOf(check) && (!earlier || check.at < earlier.at))
      firstCheck.set(check.ticketNumber, check);
  }

  const tickets: { createdAt: Date; sla: { target: string; breachedAt: number | null }[] }[] = await knex(
    'tickets as t',
  )
    .where(inDepartment)
    .select('t.createdAt', 't.sla');
  const created = tickets.map((ticket) => ticket.createdAt.getTime());
  const dueMismatches = tickets.filter((ticket) => {
    const clock = ticket.sla.find((candidate) => candidate.target === 'firstResponse');
    return clock?.breachedAt !== ticket.createdAt.getTime() + options.targetMs;
  }).length;

  return {
    measures,
    k: options.k,
    windowMs: options.windowMs,
    targetMs: options.targetMs,
    deadlinesSpreadMs: created.length > 0 ? Math.max(...created) - Math.min(...created) : 0,
    dueMismatches,
    escalations: occurrences(options.k, transferRows),
    ruleNotices: occurrences(options.k, ruleNoticeRows),
    timerLateMs: lateness([...firstCheck.values()]),
    transferLateMs: lateness(transferRows),
    ruleNoticeLateMs: lateness(ruleNoticeRows),
    breachNoticeLateMs: lateness(breachNoticeRows),
    rssAtStartMiB: mebibytes(used.start.rssBytes),
    peakRssMiB: mebibytes(used.peak.rssBytes),
    heapUsedAtStartMiB: mebibytes(used.start.heapUsedBytes),
    peakHeapUsedMiB: mebibytes(used.peak.heapUsedBytes),
  };
}

export function printSla(figures: SlaFigures): void {
  const late = (summary: LatencySummary | null) =>
    summary
      ? `p50 ${summary.p50} ms, p99 ${summary.p99} ms, max ${summary.max} ms (min ${summary.min})`
      : 'none';
  const count = ({ done, missing, repeated }: Occurrences) =>
    `${done} of ${figures.k}, missing ${missing}, repeated ${repeated}`;
  console.log(
    `SLA: K=${figures.k} tickets opened over ${figures.windowMs / 1000} s (deadlines spread over ${figures.deadlinesSpreadMs} ms), first-response target ${figures.targetMs / 1000} s`,
  );
  console.log(`  measures: ${figures.measures}`);
  console.log(`  escalations (rule transfer):  ${count(figures.escalations)}`);
  console.log(`  rule notices:                 ${count(figures.ruleNotices)}`);
  console.log(`  breach instant ≠ creation + target: ${figures.dueMismatches}`);
  console.log('  lateness after the due instant:');
  console.log(`    escalation (transfer, workflow clock): ${late(figures.transferLateMs)}`);
  console.log(`    rule notice stored (database clock):   ${late(figures.ruleNoticeLateMs)}`);
  console.log(`    breach timer handled (workflow clock): ${late(figures.timerLateMs)}`);
  console.log(`    breach notice stored (database clock): ${late(figures.breachNoticeLateMs)}`);
  console.log(
    `  worker peak memory (in-process: the bench process runs the worker, the API and the load): RSS ${figures.peakRssMiB} MiB (${figures.rssAtStartMiB} at start), heap used ${figures.peakHeapUsedMiB} MiB (${figures.heapUsedAtStartMiB} at start)`,
  );
}
