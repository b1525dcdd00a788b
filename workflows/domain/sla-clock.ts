/**
 * SLA clocks (SLA.md "SLA targets"): computed from the ticket's recorded timeline, the policy it runs
 * under and the verdicts already given, at an instant `now`. Pure, so the workflow, the API and the
 * tests compute the same due times, and a policy change is a recomputation, not a migration.
 */
import { addBusinessTime, type BusinessCalendar, businessTimeBetween } from './business-calendar';
import { type AppliedSla, type SlaTarget, type SlaTargetKind, warningThresholdMs } from './sla-policy';
import type { TicketStatus } from './ticket';
import type { TimelineMark } from './ticket-timeline';

export type SlaClockState = 'inactive' | 'running' | 'paused' | 'stopped' | 'achieved' | 'breached';

export interface SlaClock {
  target: SlaTargetKind;
  /** 1 for first response and resolution; next response counts its exchanges from 1; 0 for an inactive clock. */
  cycle: number;
  state: SlaClockState;
  startedAt: number | null;
  /** Empty while paused, stopped or inactive; the breach instant once breached and still unfulfilled. */
  dueAt: number | null;
  /** When the warning is due (running clocks) or was reached. */
  warningAt: number | null;
  warned: boolean;
  elapsedMs: number;
  remainingMs: number;
  fulfilledAt: number | null;
  /** Target minus elapsed at fulfilment; negative when late. */
  marginMs: number | null;
  breachedAt: number | null;
}

/** A verdict once given stands (rules 13 and 15); warnings are recorded so each fires once per cycle. */
export interface SlaVerdict {
  target: SlaTargetKind;
  cycle: number;
  kind: 'warned' | 'achieved' | 'breached';
  at: number;
}

export interface SlaReport {
  clocks: SlaClock[];
  /** The earliest due instant among running, unbreached clocks. */
  dueAt: number | null;
  breached: boolean;
}

export const emptySlaReport: SlaReport = { clocks: [], dueAt: null, breached: false };

const runs = (status: TicketStatus) => status === 'active';
const isClosed = (status: TicketStatus) => status === 'closed' || status === 'closed-locked';

/** One cycle of one target, advanced mark by mark. */
class Tracker {
  elapsedMs = 0;
  runningSince: number | null = null;
  fulfilledAt: number | null = null;
  breachedAt: number | null = null;
  warnedAt: number | null = null;
  private readonly calendar: BusinessCalendar | null;
  private readonly warnAtMs: number | null;

  constructor(
    readonly target: SlaTarget,
    calendar: BusinessCalendar | null,
    readonly cycle: number,
    readonly startedAt: number,
    running: boolean,
    /** When an achievement was already given for this cycle: no breach up to it is found again (rule 15). */
    private readonly achievedAt: number | null = null,
  ) {
    this.calendar = target.businessHours ? calendar : null;
    this.warnAtMs = warningThresholdMs(target);
    if (running) this.runningSince = startedAt;
  }

  /** The instant the remaining `ms` of business time run out, counting from `from`. */
  private after(from: number, ms: number): number {
    return addBusinessTime(this.calendar, from, Math.max(0, ms));
  }

  get dueAt(): number | null {
    if (this.runningSince === null) return null;
    return this.after(this.runningSince, this.target.withinMs - this.elapsedMs);
  }

  get warningAt(): number | null {
    if (this.runningSince === null || this.warnAtMs === null || this.warnedAt !== null) return null;
    return this.after(this.runningSince, this.warnAtMs - this.elapsedMs);
  }

  /** Counts time up to `to`; a due instant passed before `to` is a breach, a warning reached by `to` is due. */
  advance(to: number): void {
    if (this.runningSince === null || to <= this.runningSince || this.fulfilledAt !== null) return;
    const warningAt = this.warningAt;
    if (warningAt !== null && warningAt <= to) this.warnedAt = warningAt;
    const dueAt = this.dueAt!;
    const stands = this.achievedAt !== null && dueAt <= this.achievedAt;
    if (this.breachedAt === null && dueAt < to && !stands) this.breachedAt = dueAt;
    this.elapsedMs += businessTimeBetween(this.calendar, this.runningSince, to);
    this.runningSince = to;
  }

  setRunning(at: number, running: boolean): void {
    this.advance(at);
    if (this.fulfilledAt !== null) return;
    this.runningSince = running ? (this.runningSince ?? at) : null;
  }

  fulfil(at: number): void {
    this.advance(at);
    if (this.fulfilledAt === null) this.fulfilledAt = at;
    this.runningSince = null;
  }

  /** A reopened resolution clock runs on with the time it had left (rule 11). */
  resume(at: number, running: boolean): void {
    this.fulfilledAt = null;
    this.runningSince = running ? at : null;
  }

  report(status: TicketStatus, given: readonly SlaVerdict[]): SlaClock {
    const mine = (kind: SlaVerdict['kind']) =>
      given.find((v) => v.target === this.target.kind && v.cycle === this.cycle && v.kind === kind);
    const givenBreach = mine('breached');
    const givenAchievement = this.target.kind === 'resolution' ? undefined : mine('achieved');
    const breachedAt = givenBreach?.at ?? (givenAchievement ? null : this.breachedAt);
    const warnedAt = mine('warned')?.at ?? this.warnedAt;
    const remainingMs = this.target.withinMs - this.elapsedMs;

    let state: SlaClockState;
    if (breachedAt !== null) state = 'breached';
    else if (this.fulfilledAt !== null) state = 'achieved';
    else if (this.runningSince !== null) state = 'running';
    else state = isClosed(status) ? 'stopped' : 'paused';

    const fulfilled = this.fulfilledAt !== null;
    return {
      target: this.target.kind,
      cycle: this.cycle,
      state,
      startedAt: this.startedAt,
      dueAt: state === 'breached' && !fulfilled ? breachedAt : state === 'running' ? this.dueAt : null,
      warningAt: warnedAt ?? (state === 'running' ? this.warningAt : null),
      warned: warnedAt !== null,
      elapsedMs: this.elapsedMs,
      remainingMs,
      fulfilledAt: this.fulfilledAt,
      marginMs: fulfilled ? remainingMs : null,
      breachedAt,
    };
  }
}

const inactive = (target: SlaTargetKind): SlaClock => ({
  target,
  cycle: 0,
  state: 'inactive',
  startedAt: null,
  dueAt: null,
  warningAt: null,
  warned: false,
  elapsedMs: 0,
  remainingMs: 0,
  fulfilledAt: null,
  marginMs: null,
  breachedAt: null,
});

/** Every clock of the applied policy as it stands at `now`. */
export function computeSla(
  timeline: readonly TimelineMark[],
  applied: AppliedSla | null,
  given: readonly SlaVerdict[],
  now: number,
): SlaReport {
  const opened = timeline[0];
  if (applied === null || opened?.type !== 'opened') return emptySlaReport;
  const clocks: SlaClock[] = [];
  for (const target of applied.targets) {
    clocks.push(...clocksOf(target, applied.calendar, timeline, opened, given, now));
  }
  const due = clocks
    .filter((clock) => clock.state === 'running' && clock.dueAt !== null)
    .map((clock) => clock.dueAt!);
  return {
    clocks,
    dueAt: due.length > 0 ? Math.min(...due) : null,
    breached: clocks.some((clock) => clock.state === 'breached'),
  };
}

function clocksOf(
  target: SlaTarget,
  calendar: BusinessCalendar | null,
  timeline: readonly TimelineMark[],
  opened: Extract<TimelineMark, { type: 'opened' }>,
  given: readonly SlaVerdict[],
  now: number,
): SlaClock[] {
  let status = opened.status;
  const achievedAt = (cycle: number) =>
    given.find((v) => v.target === target.kind && v.cycle === cycle && v.kind === 'achieved')?.at ?? null;
  const track = (cycle: number, at: number) =>
    new Tracker(target, calendar, cycle, at, runs(status), achievedAt(cycle));

  if (target.kind === 'firstResponse' && !opened.byCustomer) return [inactive(target.kind)];
  const trackers: Tracker[] = target.kind === 'nextResponse' ? [] : [track(1, opened.at)];
  const open = () => trackers.filter((tracker) => tracker.fulfilledAt === null);
  // An agent's outbound opening message is a public agent message: the customer's answer to it starts a cycle.
  let answered = !opened.byCustomer;

  for (const mark of timeline.slice(1)) {
    switch (mark.type) {
      case 'status': {
        const wasClosed = isClosed(status);
        status = mark.status;
        for (const tracker of trackers) {
          if (target.kind === 'resolution' && isClosed(status)) tracker.fulfil(mark.at);
          else if (target.kind === 'resolution' && wasClosed && tracker.fulfilledAt !== null)
            tracker.resume(mark.at, runs(status));
          else tracker.setRunning(mark.at, runs(status));
        }
        break;
      }
      case 'customerMessage':
        // Rule 10: a cycle starts at the first unanswered customer message after a public agent reply.
        if (target.kind === 'nextResponse' && answered && open().length === 0)
          trackers.push(track(trackers.length + 1, mark.at));
        break;
      case 'agentReply':
        answered = true;
        if (target.kind !== 'resolution') for (const tracker of open()) tracker.fulfil(mark.at);
        break;
      case 'opened':
        break;
    }
  }
  for (const tracker of trackers) tracker.advance(now);
  if (trackers.length === 0) return [inactive(target.kind)];
  return trackers.map((tracker) => tracker.report(status, given));
}

/** Verdicts the report shows that were not given yet, in instant order: what the workflow records and acts on. */
export function newVerdicts(report: SlaReport, given: readonly SlaVerdict[], now: number): SlaVerdict[] {
  const known = (target: SlaTargetKind, cycle: number, kind: SlaVerdict['kind']) =>
    given.some((v) => v.target === target && v.cycle === cycle && v.kind === kind);
  const fresh: SlaVerdict[] = [];
  for (const clock of report.clocks) {
    const { target, cycle } = clock;
    if (clock.warned && clock.warningAt !== null && clock.warningAt <= now && !known(target, cycle, 'warned'))
      fresh.push({ target, cycle, kind: 'warned', at: clock.warningAt });
    if (clock.state === 'breached' && !known(target, cycle, 'breached'))
      fresh.push({ target, cycle, kind: 'breached', at: clock.breachedAt! });
    if (clock.state === 'achieved' && !known(target, cycle, 'achieved'))
      fresh.push({ target, cycle, kind: 'achieved', at: clock.fulfilledAt! });
  }
  return fresh.sort((a, b) => a.at - b.at);
}

/** The next instants at which the report changes by itself: warnings and breaches of running clocks. */
export function slaWakeups(report: SlaReport): number[] {
  const wakeups: number[] = [];
  for (const clock of report.clocks) {
    if (clock.state !== 'running') continue;
    if (!clock.warned && clock.warningAt !== null) wakeups.push(clock.warningAt);
    // Fulfilment exactly at the due instant achieves (rule 13): the breach is the first instant after it.
    if (clock.dueAt !== null) wakeups.push(clock.dueAt + 1);
  }
  return wakeups;
}
