import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { type BusinessCalendar, businessTimeBetween } from '../../../../workflows/domain/business-calendar';
import { computeSla, newVerdicts, type SlaVerdict, slaWakeups } from '../../../../workflows/domain/sla-clock';
import type { AppliedSla, SlaTarget, SlaTargetKind } from '../../../../workflows/domain/sla-policy';
import { openTicket, type TicketState } from '../../../../workflows/domain/ticket';
import { applyTicketEvent, type TicketEvent } from '../../../../workflows/domain/ticket-events';
import type { TimelineMark } from '../../../../workflows/domain/ticket-timeline';

const second = 1000;
const minute = 60 * second;
const hour = 60 * minute;

const berlinOffice: BusinessCalendar = {
  timeZone: 'Europe/Berlin',
  ranges: [1, 2, 3, 4, 5].map((day) => ({ day: day as 1, open: '09:00', close: '17:00' })),
  holidays: [],
};

/** Monday 23 Nov 2026, 10:00 in Berlin. */
const monday10 = Date.parse('2026-11-23T10:00:00+01:00');

const target = (kind: SlaTargetKind, withinMs: number, extra: Partial<SlaTarget> = {}): SlaTarget => ({
  kind,
  withinMs,
  businessHours: false,
  warning: null,
  ...extra,
});
const policy = (targets: SlaTarget[], calendar: BusinessCalendar | null = null, version = 1): AppliedSla => ({
  policyId: 7,
  version,
  name: 'Test',
  targets,
  calendar,
});

const opened = (at: number, byCustomer = true, status: 'active' | 'waiting' = 'active'): TimelineMark => ({
  type: 'opened',
  at,
  byCustomer,
  status,
});
const status = (at: number, to: TicketState['status']): TimelineMark => ({ type: 'status', at, status: to });
const customer = (at: number): TimelineMark => ({ type: 'customerMessage', at });
const reply = (at: number): TimelineMark => ({ type: 'agentReply', at });

function clockOf(
  timeline: TimelineMark[],
  applied: AppliedSla,
  now: number,
  kind: SlaTargetKind,
  cycle = 1,
  given: SlaVerdict[] = [],
) {
  const clock = computeSla(timeline, applied, given, now).clocks.find(
    (candidate) => candidate.target === kind && candidate.cycle === cycle,
  );
  assert.ok(clock, `${kind} cycle ${cycle}`);
  return clock;
}

describe('SLA clocks: first response (rule 9)', () => {
  test('runs from creation to the first public agent reply; internal comments do not count', () => {
    const events: [number, TicketEvent][] = [
      [monday10 + 10 * minute, { type: 'commentAdded', messageId: 'note', agentId: 1 }],
      [monday10 + 30 * minute, { type: 'agentReplied', messageId: 'answer', agentId: 1, status: 'active' }],
    ];
    let state = openTicket(
      {
        number: 1,
        brandId: 1,
        departmentId: 1,
        groupId: 1,
        customerId: 1,
        subject: 'Help',
        channel: 'api',
        firstMessageId: 'first',
      },
      monday10,
    );
    for (const [at, event] of events) state = applyTicketEvent(state, event, at);
    const clock = clockOf(
      state.timeline,
      policy([target('firstResponse', hour)]),
      monday10 + 2 * hour,
      'firstResponse',
    );
    assert.equal(clock.state, 'achieved');
    assert.equal(clock.fulfilledAt, monday10 + 30 * minute);
    assert.equal(clock.elapsedMs, 30 * minute);
    assert.equal(clock.marginMs, 30 * minute);
  });

  test('a ticket an agent opened has no first-response clock', () => {
    const report = computeSla(
      [opened(monday10, false)],
      policy([target('firstResponse', hour)]),
      [],
      monday10 + hour,
    );
    assert.deepEqual(
      report.clocks.map((clock) => [clock.target, clock.state, clock.dueAt]),
      [['firstResponse', 'inactive', null]],
    );
    assert.equal(report.dueAt, null);
  });

  test('fulfilled exactly at the due instant is achieved; one millisecond later is a breach at the due instant', () => {
    const applied = policy([target('firstResponse', hour)]);
    const dueAt = monday10 + hour;
    assert.equal(
      clockOf([opened(monday10), reply(dueAt)], applied, dueAt + hour, 'firstResponse').state,
      'achieved',
    );
    const late = clockOf([opened(monday10), reply(dueAt + 1)], applied, dueAt + hour, 'firstResponse');
    assert.equal(late.state, 'breached');
    assert.equal(late.breachedAt, dueAt);
    assert.equal(late.marginMs, -1);
    const running = clockOf([opened(monday10)], applied, dueAt, 'firstResponse');
    assert.equal(running.state, 'running', 'not breached at the due instant itself');
    assert.deepEqual(slaWakeups(computeSla([opened(monday10)], applied, [], dueAt)), [dueAt + 1]);
  });

  test('a breach is final: a late reply does not undo it, and the due time stays at the breach instant', () => {
    const applied = policy([target('firstResponse', hour)]);
    const unfulfilled = clockOf([opened(monday10)], applied, monday10 + 3 * hour, 'firstResponse');
    assert.deepEqual(
      [unfulfilled.state, unfulfilled.dueAt, unfulfilled.breachedAt],
      ['breached', monday10 + hour, monday10 + hour],
    );
    assert.equal(unfulfilled.remainingMs, -2 * hour);
    const answered = clockOf(
      [opened(monday10), reply(monday10 + 2 * hour)],
      applied,
      monday10 + 3 * hour,
      'firstResponse',
    );
    assert.deepEqual([answered.state, answered.marginMs, answered.dueAt], ['breached', -hour, null]);
  });

  test('closed unanswered and not breached: stopped without a verdict; reopening resumes it (rule 14)', () => {
    const applied = policy([target('firstResponse', hour)]);
    const timeline = [opened(monday10), status(monday10 + 20 * minute, 'closed')];
    const stopped = clockOf(timeline, applied, monday10 + 5 * hour, 'firstResponse');
    assert.deepEqual([stopped.state, stopped.dueAt, stopped.remainingMs], ['stopped', null, 40 * minute]);
    const reopened = clockOf(
      [...timeline, status(monday10 + 6 * hour, 'active')],
      applied,
      monday10 + 6 * hour,
      'firstResponse',
    );
    assert.deepEqual([reopened.state, reopened.dueAt], ['running', monday10 + 6 * hour + 40 * minute]);
  });
});

describe('SLA clocks: next response (rule 10)', () => {
  test('one cycle per exchange: the opening message starts none, later messages do not move the due time', () => {
    const applied = policy([target('nextResponse', hour)]);
    const timeline = [
      opened(monday10),
      customer(monday10 + 5 * minute), // Before any agent reply: still the first-response exchange.
      reply(monday10 + 10 * minute),
      customer(monday10 + 20 * minute),
      customer(monday10 + 40 * minute),
      reply(monday10 + 50 * minute),
      customer(monday10 + 2 * hour),
    ];
    const report = computeSla(timeline, applied, [], monday10 + 2 * hour + minute);
    assert.deepEqual(
      report.clocks.map((clock) => [clock.cycle, clock.state, clock.startedAt, clock.dueAt]),
      [
        [1, 'achieved', monday10 + 20 * minute, null],
        [2, 'running', monday10 + 2 * hour, monday10 + 3 * hour],
      ],
    );
    assert.equal(report.clocks[0]!.marginMs, 30 * minute);
    const none = computeSla([opened(monday10), customer(monday10 + minute)], applied, [], monday10 + hour);
    assert.deepEqual(
      none.clocks.map((clock) => clock.state),
      ['inactive'],
    );
  });
});

describe('SLA clocks: resolution, pause and resume (rules 11, 12)', () => {
  const applied = policy([target('resolution', 4 * hour)]);

  test('closing fulfils it; reopening resumes it with the time it had left; the next close settles it again', () => {
    const timeline = [opened(monday10), status(monday10 + hour, 'closed')];
    assert.equal(clockOf(timeline, applied, monday10 + 2 * hour, 'resolution').state, 'achieved');
    const reopened = [...timeline, status(monday10 + 10 * hour, 'active')];
    const running = clockOf(reopened, applied, monday10 + 10 * hour, 'resolution');
    assert.deepEqual(
      [running.state, running.dueAt, running.fulfilledAt],
      ['running', monday10 + 13 * hour, null],
    );
    const closedLate = [...reopened, status(monday10 + 14 * hour, 'closed')];
    const late = clockOf(closedLate, applied, monday10 + 15 * hour, 'resolution');
    assert.deepEqual([late.state, late.breachedAt], ['breached', monday10 + 13 * hour]);
  });

  test('waiting and follow-up pause it: no due time, remaining frozen; resume gives due = resume + remaining', () => {
    const timeline = [opened(monday10), status(monday10 + hour, 'waiting')];
    for (const now of [monday10 + 2 * hour, monday10 + 20 * hour]) {
      const paused = clockOf(timeline, applied, now, 'resolution');
      assert.deepEqual([paused.state, paused.dueAt, paused.remainingMs], ['paused', null, 3 * hour]);
    }
    const resumed = [...timeline, status(monday10 + 5 * hour, 'active')];
    assert.equal(clockOf(resumed, applied, monday10 + 5 * hour, 'resolution').dueAt, monday10 + 8 * hour);
    const followUp = [...resumed, status(monday10 + 6 * hour, 'follow-up')];
    assert.equal(clockOf(followUp, applied, monday10 + 9 * hour, 'resolution').remainingMs, 2 * hour);
  });

  test('a ticket created waiting starts paused', () => {
    const clock = clockOf([opened(monday10, true, 'waiting')], applied, monday10 + hour, 'resolution');
    assert.deepEqual([clock.state, clock.elapsedMs, clock.dueAt], ['paused', 0, null]);
  });

  test('in business hours a pause costs only its overlap with open ranges', () => {
    const business = policy([target('resolution', 8 * hour, { businessHours: true })], berlinOffice);
    const tuesday10 = Date.parse('2026-11-24T10:00:00+01:00');
    // Monday 10:00 + 8 business hours = Monday 17:00, then Tuesday 09:00–10:00.
    assert.equal(computeSla([opened(monday10)], business, [], monday10).dueAt, tuesday10);
    // Waiting from Monday 16:00 to Tuesday 10:00 overlaps two open hours (16–17 and 9–10): due moves by two hours.
    const timeline = [opened(monday10), status(monday10 + 6 * hour, 'waiting'), status(tuesday10, 'active')];
    const clock = clockOf(timeline, business, tuesday10, 'resolution');
    assert.deepEqual(
      [clock.elapsedMs, clock.remainingMs, clock.dueAt],
      [6 * hour, 2 * hour, tuesday10 + 2 * hour],
    );
  });
});

describe('SLA clocks: warnings, policy changes, verdicts (rules 13, 15)', () => {
  test('warnings by percentage and by duration, each given once per cycle', () => {
    const applied = policy([
      target('firstResponse', hour, { warning: { percent: 25 } }),
      target('resolution', 4 * hour, { warning: { beforeMs: 30 * minute } }),
    ]);
    const timeline = [opened(monday10)];
    const report = computeSla(timeline, applied, [], monday10);
    assert.deepEqual(
      report.clocks.map((clock) => clock.warningAt),
      [monday10 + 45 * minute, monday10 + 3.5 * hour],
    );
    assert.deepEqual(
      slaWakeups(report).sort(),
      [monday10 + 45 * minute, monday10 + hour + 1, monday10 + 3.5 * hour, monday10 + 4 * hour + 1].sort(),
    );
    const atWarning = computeSla(timeline, applied, [], monday10 + 45 * minute);
    const fresh = newVerdicts(atWarning, [], monday10 + 45 * minute);
    assert.deepEqual(fresh, [
      { target: 'firstResponse', cycle: 1, kind: 'warned', at: monday10 + 45 * minute },
    ]);
    const again = computeSla(timeline, applied, fresh, monday10 + 50 * minute);
    assert.deepEqual(newVerdicts(again, fresh, monday10 + 50 * minute), [], 'a warning is given once');
  });

  test('a new policy recomputes from the timeline as if it applied since creation; given verdicts stand', () => {
    const timeline = [opened(monday10), reply(monday10 + 40 * minute), customer(monday10 + hour)];
    const v1 = policy([target('firstResponse', hour), target('nextResponse', hour)]);
    const given = newVerdicts(computeSla(timeline, v1, [], monday10 + hour), [], monday10 + hour);
    assert.deepEqual(given, [
      { target: 'firstResponse', cycle: 1, kind: 'achieved', at: monday10 + 40 * minute },
    ]);
    // Version 2 wants answers in 30 minutes: the first response was late by its measure, but stands achieved.
    const v2 = policy([target('firstResponse', 30 * minute), target('nextResponse', 30 * minute)], null, 2);
    const report = computeSla(timeline, v2, given, monday10 + hour + 10 * minute);
    assert.equal(report.clocks.find((clock) => clock.target === 'firstResponse')!.state, 'achieved');
    assert.equal(report.dueAt, monday10 + 90 * minute, 'the running cycle is recomputed from its start');
    const breachGiven: SlaVerdict[] = [
      { target: 'nextResponse', cycle: 1, kind: 'breached', at: monday10 + 80 * minute },
    ];
    const generous = policy([target('nextResponse', 10 * hour)], null, 3);
    assert.equal(
      clockOf(timeline, generous, monday10 + 2 * hour, 'nextResponse', 1, breachGiven).state,
      'breached',
    );
  });

  test('no policy: no clocks', () => {
    assert.deepEqual(computeSla([opened(monday10)], null, [], monday10 + hour), {
      clocks: [],
      dueAt: null,
      breached: false,
    });
  });
});

/** Alternating running and paused stretches after opening, as (pause, resume) offsets in ms. */
const stretches = fc.array(
  fc.tuple(fc.integer({ min: 1, max: 5 * hour }), fc.integer({ min: 1, max: 3 * day() })),
  {
    maxLength: 6,
  },
);
function day() {
  return 24 * hour;
}

function pausedTimeline(
  start: number,
  pairs: [number, number][],
): { timeline: TimelineMark[]; end: number; runs: [number, number][] } {
  const timeline: TimelineMark[] = [opened(start)];
  const runs: [number, number][] = [];
  let at = start;
  for (const [running, paused] of pairs) {
    runs.push([at, at + running]);
    at += running;
    timeline.push(status(at, 'waiting'));
    at += paused;
    timeline.push(status(at, 'active'));
  }
  return { timeline, end: at, runs };
}

describe('SLA clocks: pause and resume properties (fast-check)', () => {
  test('around the clock: elapsed is the running time, and due = last resume + remaining', () => {
    fc.assert(
      fc.property(stretches, fc.integer({ min: 0, max: 5 * hour }), (pairs, tail) => {
        const applied = policy([target('resolution', 1000 * hour)]);
        const { timeline, end, runs } = pausedTimeline(monday10, pairs);
        const clock = clockOf(timeline, applied, end + tail, 'resolution');
        const ran = runs.reduce((sum, [from, to]) => sum + to - from, 0) + tail;
        assert.equal(clock.elapsedMs, ran);
        assert.equal(clock.dueAt, end + (1000 * hour - (ran - tail)));
      }),
      { seed: 42, numRuns: 200 },
    );
  });

  test('in business hours: elapsed sums business time over running stretches; it never decreases as time passes', () => {
    fc.assert(
      fc.property(
        stretches,
        fc.integer({ min: 0, max: 2 * day() }),
        fc.integer({ min: 0, max: 2 * day() }),
        (pairs, a, b) => {
          const applied = policy([target('resolution', 1000 * hour, { businessHours: true })], berlinOffice);
          const { timeline, end, runs } = pausedTimeline(monday10, pairs);
          const expected = runs.reduce(
            (sum, [from, to]) => sum + businessTimeBetween(berlinOffice, from, to),
            0,
          );
          const [early, late] = [end + Math.min(a, b), end + Math.max(a, b)];
          const atEarly = clockOf(timeline, applied, early, 'resolution');
          assert.equal(atEarly.elapsedMs, expected + businessTimeBetween(berlinOffice, end, early));
          assert.ok(clockOf(timeline, applied, late, 'resolution').elapsedMs >= atEarly.elapsedMs);
        },
      ),
      { seed: 7, numRuns: 100 },
    );
  });

  test('a pause wholly outside open hours changes no due time', () => {
    const saturday = Date.parse('2026-11-28T12:00:00+01:00');
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 20 * hour }),
        fc.integer({ min: 1, max: 20 * hour }),
        (offset, length) => {
          const from = Math.min(saturday + offset, saturday + 20 * hour);
          const to = Math.min(from + length, saturday + 24 * hour);
          fc.pre(to > from);
          const applied = policy([target('resolution', 10 * hour, { businessHours: true })], berlinOffice);
          const plain = computeSla([opened(monday10)], applied, [], from).dueAt;
          const paused = computeSla(
            [opened(monday10), status(from, 'waiting'), status(to, 'active')],
            applied,
            [],
            to,
          ).dueAt;
          assert.equal(paused, plain);
        },
      ),
      { seed: 3, numRuns: 100 },
    );
  });

  test('verdict: achieved exactly when fulfilled with elapsed at most the target', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 10 * hour }),
        fc.integer({ min: 0, max: 20 * hour }),
        (within, answerAfter) => {
          const applied = policy([target('firstResponse', within)]);
          const clock = clockOf(
            [opened(monday10), reply(monday10 + answerAfter)],
            applied,
            monday10 + 30 * hour,
            'firstResponse',
          );
          assert.equal(clock.state, answerAfter <= within ? 'achieved' : 'breached');
        },
      ),
      { seed: 11, numRuns: 300 },
    );
  });
});
