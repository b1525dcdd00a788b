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

export interface SlaFigures {
  measures: string;
  k: number;
  windowMs: number;
  targetMs: number;
  escalated: number;
  missing: number;
  duplicates: number;
  /** The workflow task that handled the breach timer, by the workflow's clock, after the deadline. */
  timerLateMs: LatencySummary | null;
  /** The rule's transfer, by the workflow's clock, after the deadline. */
  actionLateMs: LatencySummary | null;
  /** The breach notice row's insert time (database clock), after the deadline: end to end. */
  noticeLateMs: LatencySummary | null;
  peakRssMiB: number;
  peakHeapUsedMiB: number;
}

const measures =
  'K tickets opened over the window under a first-response policy with the rule "on breach: transfer to Level 2"; lateness = time of the transfer (and of the breach notice insert) minus the ticket\'s due instant; memory = peak of the bench process, which runs the worker, the API and the load';

/** A department of the bench's own, with a policy and an escalation rule that only it matches. */
async function configure(knex: Knex, targetMs: number) {
  const brand = await knex('brands').first('id');
  const [department] = await knex('departments')
    .insert({ brandId: brand.id, name: 'Bench SLA' })
    .returning('id');
  const [level1] = await knex('groups')
    .insert({ departmentId: department.id, name: 'Level 1' })
    .returning('id');
  const [level2] = await knex('groups')
    .insert({ departmentId: department.id, name: 'Level 2' })
    .returning('id');
  // The bench opens tickets as the demo manager, who must manage the department.
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
      actions: JSON.stringify([{ type: 'transfer', departmentId: null, groupId: level2.id, agentId: null }]),
      webhookSecret: 'bench',
    })
    .returning('id');
  return { departmentId: department.id as number, level1: level1.id as number, ruleId: rule.id as number };
}

/**
 * Opens K tickets evenly over the window, waits until each deadline has passed and its escalation ran,
 * and measures how late each ran: the promise is "on time, once", so missing and repeated escalations
 * are counted too.
 */
export async function runSlaScenario(
  stack: BenchStack,
  token: string,
  load: Load,
  options: SlaOptions,
): Promise<SlaFigures> {
  const { departmentId, ruleId } = await configure(stack.knex, options.targetMs);
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

  const escalations = () =>
    stack
      .knex('ticketChanges as c')
      .join('tickets as t', 't.number', 'c.ticketNumber')
      .where({ 'c.ruleId': ruleId, 'c.event': 'transferred', 't.departmentId': departmentId })
      .select('c.ticketNumber', 'c.at', 't.createdAt');
  const deadline = Date.now() + options.targetMs + load.timeoutMs;
  let rows = await escalations();
  while (new Set(rows.map((row) => row.ticketNumber)).size < options.k && Date.now() < deadline) {
    await sleep(250, undefined, { signal: load.signal });
    rows = await escalations();
  }
  await sleep(1_000, undefined, { signal: load.signal }); // A repeated escalation would show by now.
  rows = await escalations();
  const peak = memory.stop();

  const perTicket = new Map<number, number>();
  for (const row of rows) perTicket.set(row.ticketNumber, (perTicket.get(row.ticketNumber) ?? 0) + 1);
  const dueOf = (createdAt: Date) => createdAt.getTime() + options.targetMs;
  const actionLate = rows.map((row) => row.at.getTime() - dueOf(row.createdAt));
  const notices = await stack
    .knex('notices as n')
    .join('tickets as t', 't.number', 'n.ticketNumber')
    .where({ 'n.kind': 'sla-breached', 't.departmentId': departmentId })
    .select('n.createdAt as noticedAt', 't.createdAt');
  const noticeLate = notices.map((row) => row.noticedAt.getTime() - dueOf(row.createdAt));
  const checks = await stack
    .knex('ticketChanges as c')
    .join('tickets as t', 't.number', 'c.ticketNumber')
    .where({ 'c.event': 'slaCheck', 't.departmentId': departmentId })
    .select('c.ticketNumber', 'c.at', 't.createdAt');
  const timerLate = new Map<number, number>();
  for (const check of checks) {
    const late = check.at.getTime() - dueOf(check.createdAt);
    if (late > 0)
      timerLate.set(check.ticketNumber, Math.min(late, timerLate.get(check.ticketNumber) ?? late));
  }
  return {
    measures,
    k: options.k,
    windowMs: options.windowMs,
    targetMs: options.targetMs,
    escalated: perTicket.size,
    missing: options.k - perTicket.size,
    duplicates: [...perTicket.values()].reduce((sum, count) => sum + count - 1, 0),
    timerLateMs: timerLate.size > 0 ? summarize([...timerLate.values()]) : null,
    actionLateMs: actionLate.length > 0 ? summarize(actionLate) : null,
    noticeLateMs: noticeLate.length > 0 ? summarize(noticeLate) : null,
    peakRssMiB: mebibytes(peak.rssBytes),
    peakHeapUsedMiB: mebibytes(peak.heapUsedBytes),
  };
}

export function printSla(figures: SlaFigures): void {
  const late = (summary: LatencySummary | null) =>
    summary
      ? `p50 ${summary.p50} ms, p99 ${summary.p99} ms, max ${summary.max} ms (min ${summary.min})`
      : 'none';
  console.log(
    `SLA: K=${figures.k} tickets over ${figures.windowMs / 1000} s, first-response target ${figures.targetMs / 1000} s`,
  );
  console.log(`  measures: ${figures.measures}`);
  console.log(`  escalated ${figures.escalated}, missing ${figures.missing}, repeated ${figures.duplicates}`);
  console.log(`  breach timer handled after its deadline: ${late(figures.timerLateMs)}`);
  console.log(`  escalation action after its deadline: ${late(figures.actionLateMs)}`);
  console.log(`  breach notice stored after the deadline: ${late(figures.noticeLateMs)}`);
  console.log(
    `  peak memory (worker + API + load, one process): RSS ${figures.peakRssMiB} MiB, heap used ${figures.peakHeapUsedMiB} MiB`,
  );
}
