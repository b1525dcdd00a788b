import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import {
  addBusinessTime,
  type BusinessCalendar,
  businessTimeBetween,
  isOpen,
} from '../../../../workflows/domain/business-calendar';
import {
  computeSla,
  newVerdicts,
  type SlaClock,
  type SlaVerdict,
  slaWakeups,
} from '../../../../workflows/domain/sla-clock';
import type {
  AppliedSla,
  SlaTarget,
  SlaTargetKind,
  SlaWarning,
} from '../../../../workflows/domain/sla-policy';
import { openTicket, type TicketStatus } from '../../../../workflows/domain/ticket';
import { applyTicketEvent, type TicketEvent } from '../../../../workflows/domain/ticket-events';
import type { TimelineMark } from '../../../../workflows/domain/ticket-timeline';

const second = 1000;
const minute = 60 * second;
const hour = 60 * minute;
const day = 24 * hour;

/** Mon–Fri 09:00–17:00 in Berlin. */
const berlinOffice: BusinessCalendar = {
  timeZone: 'Europe/Berlin',
  ranges: [1, 2, 3, 4, 5].map((weekday) => ({ day: weekday as 1, open: '09:00', close: '17:00' })),
  holidays: [],
};

/** A Berlin wall time in November 2026 (CET, +01:00), e.g. '2026-11-27T16:30'. */
const berlin = (local: string) => {
  const ms = Date.parse(`${local}+01:00`);
  assert.ok(!Number.isNaN(ms), local);
  return ms;
};

/** Monday 23 Nov 2026, 10:00 in Berlin. */
const monday10 = berlin('2026-11-23T10:00');

const target = (kind: SlaTargetKind, withinMs: number, extra: Partial<SlaTarget> = {}): SlaTarget => ({
  kind,
  withinMs,
  businessHours: false,
  warning: null,
  ...extra,
});
const inBusinessHours = (kind: SlaTargetKind, withinMs: number, extra: Partial<SlaTarget> = {}) =>
  target(kind, withinMs, { businessHours: true, ...extra });
const policy = (targets: SlaTarget[], calendar: BusinessCalendar | null = null, version = 1): AppliedSla => ({
  policyId: 7,
  version,
  name: 'Test',
  targets,
  calendar,
});

const opened = (at: number, byCustomer = true, status: TicketStatus = 'active'): TimelineMark => ({
  type: 'opened',
  at,
  byCustomer,
  status,
});
const status = (at: number, to: TicketStatus): TimelineMark => ({ type: 'status', at, status: to });
const customer = (at: number): TimelineMark => ({ type: 'customerMessage', at });
const reply = (at: number): TimelineMark => ({ type: 'agentReply', at });

function clockOf(
  timeline: readonly TimelineMark[],
  applied: AppliedSla,
  now: number,
  kind: SlaTargetKind,
  cycle = 1,
  given: readonly SlaVerdict[] = [],
): SlaClock {
  const clock = computeSla(timeline, applied, given, now).clocks.find(
    (candidate) => candidate.target === kind && candidate.cycle === cycle,
  );
  assert.ok(clock, `${kind} cycle ${cycle}`);
  return clock;
}

/** The fields most scenarios check, in one comparable tuple. */
const summary = (clock: SlaClock) => ({
  state: clock.state,
  dueAt: clock.dueAt,
  elapsedMs: clock.elapsedMs,
  remainingMs: clock.remainingMs,
});

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
    const applied = policy([target('firstResponse', hour)]);
    state = applyTicketEvent(state, events[0]![1], events[0]![0]);
    assert.deepEqual(summary(clockOf(state.timeline, applied, monday10 + 20 * minute, 'firstResponse')), {
      state: 'running',
      dueAt: monday10 + hour,
      elapsedMs: 20 * minute,
      remainingMs: 40 * minute,
    });
    state = applyTicketEvent(state, events[1]![1], events[1]![0]);
    const clock = clockOf(state.timeline, applied, monday10 + 2 * hour, 'firstResponse');
    assert.equal(clock.state, 'achieved');
    assert.equal(clock.startedAt, monday10);
    assert.equal(clock.fulfilledAt, monday10 + 30 * minute);
    assert.equal(clock.elapsedMs, 30 * minute);
    assert.equal(clock.marginMs, 30 * minute);
    assert.equal(clock.dueAt, null);
  });

  test('in business hours: counted in open ranges only, from the next opening when created outside them', () => {
    const applied = policy([inBusinessHours('firstResponse', hour)], berlinOffice);
    // Friday 16:30: half an hour on Friday, the rest on Monday morning.
    const friday = berlin('2026-11-27T16:30');
    assert.deepEqual(
      summary(clockOf([opened(friday)], applied, berlin('2026-11-28T12:00'), 'firstResponse')),
      {
        state: 'running',
        dueAt: berlin('2026-11-30T09:30'),
        elapsedMs: 30 * minute,
        remainingMs: 30 * minute,
      },
    );
    const answered = clockOf(
      [opened(friday), reply(berlin('2026-11-30T09:15'))],
      applied,
      berlin('2026-11-30T12:00'),
      'firstResponse',
    );
    assert.deepEqual(
      [answered.state, answered.elapsedMs, answered.marginMs],
      ['achieved', 45 * minute, 15 * minute],
    );
    // Created on Saturday: nothing elapses until Monday 09:00.
    const saturday = berlin('2026-11-28T12:00');
    assert.deepEqual(summary(clockOf([opened(saturday)], applied, saturday + 5 * hour, 'firstResponse')), {
      state: 'running',
      dueAt: berlin('2026-11-30T10:00'),
      elapsedMs: 0,
      remainingMs: hour,
    });
  });

  test('a ticket an agent opened has no first-response clock; its other clocks run', () => {
    const applied = policy([target('firstResponse', hour), target('resolution', 4 * hour)]);
    const report = computeSla([opened(monday10, false)], applied, [], monday10 + 2 * hour);
    assert.deepEqual(
      report.clocks.map((clock) => [clock.target, clock.cycle, clock.state, clock.dueAt]),
      [
        ['firstResponse', 0, 'inactive', null],
        ['resolution', 1, 'running', monday10 + 4 * hour],
      ],
    );
    assert.equal(report.dueAt, monday10 + 4 * hour);
    assert.equal(report.breached, false, 'an agent-opened ticket never breaches first response');
  });

  test('the customer answer to an agent’s outbound opening message starts a next-response cycle', () => {
    // The outbound message is a public agent message (rule 10), though it starts no first-response clock.
    const applied = policy([target('firstResponse', hour), target('nextResponse', 30 * minute)]);
    const timeline = [opened(monday10, false), customer(monday10 + hour)];
    const report = computeSla(timeline, applied, [], monday10 + hour + 10 * minute);
    assert.deepEqual(
      report.clocks.map((clock) => [clock.target, clock.cycle, clock.state, clock.startedAt, clock.dueAt]),
      [
        ['firstResponse', 0, 'inactive', null, null],
        ['nextResponse', 1, 'running', monday10 + hour, monday10 + 90 * minute],
      ],
    );
    assert.equal(report.dueAt, monday10 + 90 * minute);
  });
  test('from ticket events: an agent-opened ticket the customer answers, then closed unanswered', () => {
    let state = openTicket(
      {
        number: 2,
        brandId: 1,
        departmentId: 1,
        groupId: 1,
        customerId: 1,
        subject: 'We noticed a problem',
        channel: 'agent',
        firstMessageId: 'outbound',
      },
      monday10,
    );
    const events: [number, TicketEvent][] = [
      [monday10 + hour, { type: 'customerReplied', messageId: 'answer' }],
      [monday10 + hour + 20 * minute, { type: 'closed', agentId: 1 }],
    ];
    for (const [at, event] of events) state = applyTicketEvent(state, event, at);
    const applied = policy([target('firstResponse', hour), target('nextResponse', hour)]);
    const report = computeSla(state.timeline, applied, [], monday10 + 3 * hour);
    assert.deepEqual(
      report.clocks.map((clock) => [clock.target, clock.cycle, clock.state, clock.remainingMs]),
      [
        ['firstResponse', 0, 'inactive', 0],
        ['nextResponse', 1, 'stopped', 40 * minute],
      ],
    );
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
      reply(monday10 + 55 * minute), // A second reply with nothing to answer starts and fulfils nothing.
      customer(monday10 + 2 * hour),
    ];
    const report = computeSla(timeline, applied, [], monday10 + 2 * hour + minute);
    assert.deepEqual(
      report.clocks.map((clock) => [
        clock.cycle,
        clock.state,
        clock.startedAt,
        clock.dueAt,
        clock.fulfilledAt,
      ]),
      [
        [1, 'achieved', monday10 + 20 * minute, null, monday10 + 50 * minute],
        [2, 'running', monday10 + 2 * hour, monday10 + 3 * hour, null],
      ],
    );
    assert.equal(report.clocks[0]!.marginMs, 30 * minute);
    assert.equal(report.clocks[0]!.elapsedMs, 30 * minute);
    assert.equal(report.dueAt, monday10 + 3 * hour);
  });

  test('before any exchange the target reports one inactive entry', () => {
    const applied = policy([target('nextResponse', hour)]);
    for (const timeline of [
      [opened(monday10)],
      [opened(monday10), customer(monday10 + minute)],
      [opened(monday10), reply(monday10 + minute)],
    ]) {
      const report = computeSla(timeline, applied, [], monday10 + hour);
      assert.deepEqual(report.clocks, [
        {
          target: 'nextResponse',
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
        },
      ]);
      assert.equal(report.dueAt, null);
    }
  });

  test('in business hours: a Friday-evening message is due on Monday, and a Monday message does not move it', () => {
    const applied = policy([inBusinessHours('nextResponse', hour)], berlinOffice);
    const timeline = [
      opened(berlin('2026-11-27T10:00')),
      reply(berlin('2026-11-27T11:00')),
      customer(berlin('2026-11-27T16:45')),
    ];
    const due = berlin('2026-11-30T09:45');
    assert.equal(clockOf(timeline, applied, berlin('2026-11-29T12:00'), 'nextResponse').dueAt, due);
    const more = [...timeline, customer(berlin('2026-11-30T09:00'))];
    assert.equal(clockOf(more, applied, berlin('2026-11-30T09:05'), 'nextResponse').dueAt, due);
    const answered = clockOf(
      [...more, reply(berlin('2026-11-30T09:40'))],
      applied,
      berlin('2026-11-30T12:00'),
      'nextResponse',
    );
    assert.deepEqual(
      [answered.state, answered.startedAt, answered.elapsedMs, answered.marginMs],
      ['achieved', berlin('2026-11-27T16:45'), 55 * minute, 5 * minute],
    );
    assert.equal(
      computeSla(more, applied, [], berlin('2026-11-30T12:00')).clocks.length,
      1,
      'still one cycle',
    );
  });

  test('each cycle has its own verdict: a breached cycle does not taint the next one', () => {
    const applied = policy([target('nextResponse', hour)]);
    const timeline = [
      opened(monday10),
      reply(monday10 + minute),
      customer(monday10 + 10 * minute),
      reply(monday10 + 2 * hour), // Late: cycle 1 breached at 11:10.
      customer(monday10 + 3 * hour),
      reply(monday10 + 3 * hour + 5 * minute),
    ];
    const report = computeSla(timeline, applied, [], monday10 + 5 * hour);
    assert.deepEqual(
      report.clocks.map((clock) => [clock.cycle, clock.state, clock.breachedAt, clock.marginMs]),
      [
        [1, 'breached', monday10 + 70 * minute, -50 * minute],
        [2, 'achieved', null, 55 * minute],
      ],
    );
    assert.equal(report.breached, true);
  });
});

describe('SLA clocks: resolution (rule 11)', () => {
  const applied = policy([target('resolution', 4 * hour)]);

  test('closing fulfils it; reopening resumes it with the time it had left; the next close settles it again', () => {
    const timeline = [opened(monday10), status(monday10 + hour, 'closed')];
    const closed = clockOf(timeline, applied, monday10 + 2 * hour, 'resolution');
    assert.deepEqual(
      [closed.state, closed.fulfilledAt, closed.marginMs, closed.dueAt],
      ['achieved', monday10 + hour, 3 * hour, null],
    );
    const reopened = [...timeline, status(monday10 + 10 * hour, 'active')];
    const running = clockOf(reopened, applied, monday10 + 10 * hour, 'resolution');
    assert.deepEqual(
      [running.state, running.dueAt, running.fulfilledAt, running.remainingMs],
      ['running', monday10 + 13 * hour, null, 3 * hour],
    );
    const closedLate = [...reopened, status(monday10 + 14 * hour, 'closed')];
    const late = clockOf(closedLate, applied, monday10 + 15 * hour, 'resolution');
    assert.deepEqual(
      [late.state, late.breachedAt, late.marginMs, late.fulfilledAt],
      ['breached', monday10 + 13 * hour, -hour, monday10 + 14 * hour],
    );
    // The achievement given at the first close does not hold off the new verdict.
    const given = newVerdicts(
      computeSla(timeline, applied, [], monday10 + 2 * hour),
      [],
      monday10 + 2 * hour,
    );
    assert.deepEqual(given, [{ target: 'resolution', cycle: 1, kind: 'achieved', at: monday10 + hour }]);
    const settled = computeSla(closedLate, applied, given, monday10 + 15 * hour);
    assert.equal(settled.clocks[0]!.state, 'breached');
    assert.deepEqual(newVerdicts(settled, given, monday10 + 15 * hour), [
      { target: 'resolution', cycle: 1, kind: 'breached', at: monday10 + 13 * hour },
    ]);
  });

  test('a resolution breach is final: reopening and closing in time again does not undo it', () => {
    const timeline = [
      opened(monday10),
      status(monday10 + 5 * hour, 'closed'),
      status(monday10 + 6 * hour, 'active'),
    ];
    const reopened = clockOf(timeline, applied, monday10 + 6 * hour + minute, 'resolution');
    assert.deepEqual(
      [reopened.state, reopened.dueAt, reopened.breachedAt],
      ['breached', monday10 + 4 * hour, monday10 + 4 * hour],
      'unfulfilled again: due stays at the breach instant',
    );
    const closedAgain = [...timeline, status(monday10 + 6 * hour + 5 * minute, 'closed')];
    assert.equal(clockOf(closedAgain, applied, monday10 + 7 * hour, 'resolution').state, 'breached');
  });

  test('in business hours: reopening resumes with the business time left', () => {
    const business = policy([inBusinessHours('resolution', 8 * hour)], berlinOffice);
    // Three business hours on Monday, then closed; reopened Tuesday 14:00 with five left: 3 h Tuesday, 2 h Wednesday.
    const timeline = [opened(monday10), status(berlin('2026-11-23T13:00'), 'closed')];
    const closed = clockOf(timeline, business, berlin('2026-11-24T12:00'), 'resolution');
    assert.deepEqual([closed.state, closed.elapsedMs, closed.marginMs], ['achieved', 3 * hour, 5 * hour]);
    const reopened = [...timeline, status(berlin('2026-11-24T14:00'), 'active')];
    assert.deepEqual(summary(clockOf(reopened, business, berlin('2026-11-24T14:00'), 'resolution')), {
      state: 'running',
      dueAt: berlin('2026-11-25T11:00'),
      elapsedMs: 3 * hour,
      remainingMs: 5 * hour,
    });
    const inTime = clockOf(
      [...reopened, status(berlin('2026-11-25T10:00'), 'closed')],
      business,
      berlin('2026-11-26T10:00'),
      'resolution',
    );
    assert.deepEqual([inTime.state, inTime.elapsedMs, inTime.marginMs], ['achieved', 7 * hour, hour]);
    const late = clockOf(
      [...reopened, status(berlin('2026-11-25T12:00'), 'closed')],
      business,
      berlin('2026-11-26T10:00'),
      'resolution',
    );
    assert.deepEqual(
      [late.state, late.elapsedMs, late.marginMs, late.breachedAt],
      ['breached', 9 * hour, -hour, berlin('2026-11-25T11:00')],
    );
  });
});

describe('SLA clocks: pause and resume (rule 12)', () => {
  const applied = policy([target('resolution', 4 * hour)]);

  test('waiting and follow-up pause it: no due time, remaining frozen; resume gives due = resume + remaining', () => {
    const timeline = [opened(monday10), status(monday10 + hour, 'waiting')];
    for (const now of [monday10 + hour, monday10 + 2 * hour, monday10 + 20 * hour]) {
      assert.deepEqual(summary(clockOf(timeline, applied, now, 'resolution')), {
        state: 'paused',
        dueAt: null,
        elapsedMs: hour,
        remainingMs: 3 * hour,
      });
      const report = computeSla(timeline, applied, [], now);
      assert.equal(report.dueAt, null);
      assert.deepEqual(slaWakeups(report), [], 'a paused clock never wakes the ticket');
    }
    const resumed = [...timeline, status(monday10 + 5 * hour, 'active')];
    assert.equal(clockOf(resumed, applied, monday10 + 5 * hour, 'resolution').dueAt, monday10 + 8 * hour);
    const followUp = [...resumed, status(monday10 + 6 * hour, 'follow-up')];
    assert.deepEqual(summary(clockOf(followUp, applied, monday10 + 9 * hour, 'resolution')), {
      state: 'paused',
      dueAt: null,
      elapsedMs: 2 * hour,
      remainingMs: 2 * hour,
    });
    const again = [...followUp, status(monday10 + 30 * hour, 'active')];
    assert.equal(clockOf(again, applied, monday10 + 30 * hour, 'resolution').dueAt, monday10 + 32 * hour);
  });

  test('waiting to follow-up keeps it paused; pause and resume at one instant change nothing', () => {
    const timeline = [
      opened(monday10),
      status(monday10 + hour, 'waiting'),
      status(monday10 + 2 * hour, 'follow-up'),
      status(monday10 + 3 * hour, 'active'),
      status(monday10 + 3 * hour + 30 * minute, 'waiting'),
      status(monday10 + 3 * hour + 30 * minute, 'active'),
    ];
    assert.deepEqual(summary(clockOf(timeline, applied, monday10 + 4 * hour, 'resolution')), {
      state: 'running',
      dueAt: monday10 + 6 * hour,
      elapsedMs: 2 * hour,
      remainingMs: 2 * hour,
    });
  });

  test('a ticket created waiting or in follow-up starts paused', () => {
    for (const initial of ['waiting', 'follow-up'] as const) {
      const paused = clockOf([opened(monday10, true, initial)], applied, monday10 + hour, 'resolution');
      assert.deepEqual(summary(paused), {
        state: 'paused',
        dueAt: null,
        elapsedMs: 0,
        remainingMs: 4 * hour,
      });
      const resumed = clockOf(
        [opened(monday10, true, initial), status(monday10 + hour, 'active')],
        applied,
        monday10 + hour,
        'resolution',
      );
      assert.equal(resumed.dueAt, monday10 + 5 * hour);
    }
  });

  test('closing pauses the response clocks: next response stopped, resumed by the customer reopening it', () => {
    const responses = policy([target('nextResponse', hour)]);
    const timeline = [
      opened(monday10),
      reply(monday10 + 10 * minute),
      customer(monday10 + 20 * minute),
      status(monday10 + 30 * minute, 'closed'),
    ];
    assert.deepEqual(summary(clockOf(timeline, responses, monday10 + 5 * hour, 'nextResponse')), {
      state: 'stopped',
      dueAt: null,
      elapsedMs: 10 * minute,
      remainingMs: 50 * minute,
    });
    // The customer writes again: the ticket reopens, then the message lands; the stopped cycle resumes.
    const reopened = [...timeline, status(monday10 + 5 * hour, 'active'), customer(monday10 + 5 * hour)];
    const report = computeSla(reopened, responses, [], monday10 + 5 * hour);
    assert.deepEqual(
      report.clocks.map((clock) => [clock.cycle, clock.state, clock.dueAt]),
      [[1, 'running', monday10 + 5 * hour + 50 * minute]],
    );
    const answered = clockOf(
      [...reopened, reply(monday10 + 5 * hour + 10 * minute)],
      responses,
      monday10 + 6 * hour,
      'nextResponse',
    );
    assert.deepEqual([answered.state, answered.elapsedMs], ['achieved', 20 * minute]);
  });

  test('in business hours a pause costs only its overlap with open ranges', () => {
    const business = policy([inBusinessHours('resolution', 8 * hour)], berlinOffice);
    const tuesday10 = berlin('2026-11-24T10:00');
    // Monday 10:00 + 8 business hours = Monday 17:00, then Tuesday 09:00–10:00.
    assert.equal(computeSla([opened(monday10)], business, [], monday10).dueAt, tuesday10);
    // Waiting from Monday 16:00 to Tuesday 10:00 overlaps two open hours (16–17 and 9–10): due moves by two hours.
    const timeline = [opened(monday10), status(monday10 + 6 * hour, 'waiting'), status(tuesday10, 'active')];
    assert.deepEqual(summary(clockOf(timeline, business, tuesday10, 'resolution')), {
      state: 'running',
      dueAt: tuesday10 + 2 * hour,
      elapsedMs: 6 * hour,
      remainingMs: 2 * hour,
    });
  });

  test('in business hours a pause over the weekend costs nothing; one into Monday morning costs that morning', () => {
    const business = policy([inBusinessHours('firstResponse', 2 * hour)], berlinOffice);
    const friday16 = berlin('2026-11-27T16:00');
    const plainDue = berlin('2026-11-30T10:00');
    assert.equal(clockOf([opened(friday16)], business, friday16, 'firstResponse').dueAt, plainDue);
    const weekend = [
      opened(friday16),
      status(berlin('2026-11-27T17:00'), 'waiting'),
      status(berlin('2026-11-30T09:00'), 'active'),
    ];
    assert.deepEqual(summary(clockOf(weekend, business, berlin('2026-11-30T09:00'), 'firstResponse')), {
      state: 'running',
      dueAt: plainDue,
      elapsedMs: hour,
      remainingMs: hour,
    });
    const intoMonday = [
      opened(friday16),
      status(berlin('2026-11-27T16:30'), 'waiting'),
      status(berlin('2026-11-30T09:30'), 'active'),
    ];
    // Overlap: Friday 16:30–17:00 and Monday 09:00–09:30, one hour: due 11:00.
    assert.deepEqual(summary(clockOf(intoMonday, business, berlin('2026-11-30T09:30'), 'firstResponse')), {
      state: 'running',
      dueAt: berlin('2026-11-30T11:00'),
      elapsedMs: 30 * minute,
      remainingMs: 90 * minute,
    });
  });
});

describe('SLA clocks: verdicts (rules 13, 14)', () => {
  test('fulfilled exactly at the due instant is achieved; one millisecond later is a breach at the due instant', () => {
    const applied = policy([target('firstResponse', hour)]);
    const dueAt = monday10 + hour;
    const onTime = clockOf([opened(monday10), reply(dueAt)], applied, dueAt + hour, 'firstResponse');
    assert.deepEqual([onTime.state, onTime.marginMs, onTime.breachedAt], ['achieved', 0, null]);
    const late = clockOf([opened(monday10), reply(dueAt + 1)], applied, dueAt + hour, 'firstResponse');
    assert.deepEqual([late.state, late.breachedAt, late.marginMs], ['breached', dueAt, -1]);
    const running = clockOf([opened(monday10)], applied, dueAt, 'firstResponse');
    assert.equal(running.state, 'running', 'not breached at the due instant itself');
    assert.deepEqual(slaWakeups(computeSla([opened(monday10)], applied, [], dueAt)), [dueAt + 1]);
    const justAfter = clockOf([opened(monday10)], applied, dueAt + 1, 'firstResponse');
    assert.deepEqual([justAfter.state, justAfter.breachedAt], ['breached', dueAt]);
  });

  test('in business hours: answering at Friday 17:00 achieves; after closing time it is a breach', () => {
    const applied = policy([inBusinessHours('firstResponse', hour)], berlinOffice);
    const friday16 = berlin('2026-11-27T16:00');
    const due = berlin('2026-11-27T17:00');
    assert.equal(clockOf([opened(friday16)], applied, friday16, 'firstResponse').dueAt, due);
    const onTime = clockOf([opened(friday16), reply(due)], applied, due + day, 'firstResponse');
    assert.deepEqual([onTime.state, onTime.marginMs], ['achieved', 0]);
    // No business time passes after 17:00, but the due instant has: the margin is 0 and the verdict a breach.
    const evening = clockOf(
      [opened(friday16), reply(due + 30 * minute)],
      applied,
      due + day,
      'firstResponse',
    );
    assert.deepEqual(
      [evening.state, evening.breachedAt, evening.elapsedMs, evening.marginMs],
      ['breached', due, hour, 0],
    );
    const monday = clockOf(
      [opened(friday16), reply(berlin('2026-11-30T09:30'))],
      applied,
      berlin('2026-11-30T10:00'),
      'firstResponse',
    );
    assert.deepEqual([monday.state, monday.breachedAt, monday.marginMs], ['breached', due, -30 * minute]);
  });

  test('a breach is final: a late reply does not undo it, and the due time stays at the breach instant', () => {
    const applied = policy([target('firstResponse', hour)]);
    const unfulfilled = clockOf([opened(monday10)], applied, monday10 + 3 * hour, 'firstResponse');
    assert.deepEqual(
      [unfulfilled.state, unfulfilled.dueAt, unfulfilled.breachedAt, unfulfilled.remainingMs],
      ['breached', monday10 + hour, monday10 + hour, -2 * hour],
    );
    const answered = clockOf(
      [opened(monday10), reply(monday10 + 2 * hour)],
      applied,
      monday10 + 3 * hour,
      'firstResponse',
    );
    assert.deepEqual(
      [answered.state, answered.marginMs, answered.dueAt, answered.fulfilledAt, answered.breachedAt],
      ['breached', -hour, null, monday10 + 2 * hour, monday10 + hour],
    );
    // Paused or closed after the breach: still breached, due still the breach instant.
    for (const pause of ['waiting', 'closed'] as const) {
      const paused = clockOf(
        [opened(monday10), status(monday10 + 2 * hour, pause)],
        applied,
        monday10 + 3 * hour,
        'firstResponse',
      );
      assert.deepEqual([paused.state, paused.dueAt], ['breached', monday10 + hour], pause);
    }
  });

  test('a breached clock leaves the ticket due time to the running, unbreached ones', () => {
    const applied = policy([target('firstResponse', hour), target('resolution', 4 * hour)]);
    const report = computeSla([opened(monday10)], applied, [], monday10 + 2 * hour);
    assert.deepEqual(
      report.clocks.map((clock) => [clock.target, clock.state, clock.dueAt]),
      [
        ['firstResponse', 'breached', monday10 + hour],
        ['resolution', 'running', monday10 + 4 * hour],
      ],
    );
    assert.equal(report.dueAt, monday10 + 4 * hour);
    assert.equal(report.breached, true);
    assert.deepEqual(slaWakeups(report), [monday10 + 4 * hour + 1]);
  });

  test('closed unanswered and not breached: stopped without a verdict; reopening resumes it (rule 14)', () => {
    const applied = policy([target('firstResponse', hour)]);
    const timeline = [opened(monday10), status(monday10 + 20 * minute, 'closed')];
    const stopped = clockOf(timeline, applied, monday10 + 5 * hour, 'firstResponse');
    assert.deepEqual(summary(stopped), {
      state: 'stopped',
      dueAt: null,
      elapsedMs: 20 * minute,
      remainingMs: 40 * minute,
    });
    assert.deepEqual([stopped.fulfilledAt, stopped.marginMs, stopped.breachedAt], [null, null, null]);
    const report = computeSla(timeline, applied, [], monday10 + 5 * hour);
    assert.deepEqual(newVerdicts(report, [], monday10 + 5 * hour), []);
    assert.deepEqual(slaWakeups(report), []);
    const locked = [...timeline, status(monday10 + hour, 'closed-locked')];
    assert.equal(clockOf(locked, applied, monday10 + 5 * hour, 'firstResponse').state, 'stopped');
    const reopened = clockOf(
      [...timeline, status(monday10 + 6 * hour, 'active')],
      applied,
      monday10 + 6 * hour,
      'firstResponse',
    );
    assert.deepEqual([reopened.state, reopened.dueAt], ['running', monday10 + 6 * hour + 40 * minute]);
  });

  test('closed after its breach, a response clock stays breached, not stopped', () => {
    const applied = policy([target('firstResponse', hour)]);
    const clock = clockOf(
      [opened(monday10), status(monday10 + 2 * hour, 'closed')],
      applied,
      monday10 + 3 * hour,
      'firstResponse',
    );
    assert.deepEqual([clock.state, clock.breachedAt], ['breached', monday10 + hour]);
  });

  // The literal reading of rule 12 with nothing left: due = add(resume, 0), the resume instant itself.
  test('paused exactly at its due instant: not breached; on resume it is due at once', () => {
    const applied = policy([target('firstResponse', hour)]);
    const timeline = [opened(monday10), status(monday10 + hour, 'waiting')];
    assert.deepEqual(summary(clockOf(timeline, applied, monday10 + 3 * hour, 'firstResponse')), {
      state: 'paused',
      dueAt: null,
      elapsedMs: hour,
      remainingMs: 0,
    });
    const resumed = [...timeline, status(monday10 + 3 * hour, 'active')];
    assert.equal(clockOf(resumed, applied, monday10 + 3 * hour, 'firstResponse').dueAt, monday10 + 3 * hour);
    const late = clockOf(resumed, applied, monday10 + 3 * hour + 1, 'firstResponse');
    assert.deepEqual([late.state, late.breachedAt], ['breached', monday10 + 3 * hour]);
  });
});

describe('SLA clocks: policy and calendar changes (rule 15)', () => {
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
    const first = report.clocks.find((clock) => clock.target === 'firstResponse')!;
    assert.deepEqual([first.state, first.breachedAt], ['achieved', null]);
    assert.deepEqual(newVerdicts(report, given, monday10 + hour + 10 * minute), []);
    assert.equal(report.dueAt, monday10 + 90 * minute, 'the running cycle is recomputed from its start');
    // Without the given verdict the recomputation alone would call it a breach.
    assert.equal(clockOf(timeline, v2, monday10 + hour, 'firstResponse').state, 'breached');
  });

  test('a given breach stands under a more generous policy, with its instant as the due time', () => {
    const timeline = [opened(monday10), reply(monday10 + 40 * minute), customer(monday10 + hour)];
    const breachGiven: SlaVerdict[] = [
      { target: 'nextResponse', cycle: 1, kind: 'breached', at: monday10 + 80 * minute },
    ];
    const generous = policy([target('nextResponse', 10 * hour)], null, 3);
    const report = computeSla(timeline, generous, breachGiven, monday10 + 2 * hour);
    assert.deepEqual(
      report.clocks.map((clock) => [clock.state, clock.dueAt, clock.breachedAt]),
      [['breached', monday10 + 80 * minute, monday10 + 80 * minute]],
    );
    assert.equal(report.dueAt, null);
    assert.deepEqual(newVerdicts(report, breachGiven, monday10 + 2 * hour), []);
  });

  test('a given resolution achievement stands under a stricter policy; after a reopen it can still breach', () => {
    const timeline = [opened(monday10), status(monday10 + 3 * hour, 'closed')];
    const v1 = policy([target('resolution', 4 * hour)]);
    const given = newVerdicts(computeSla(timeline, v1, [], monday10 + 5 * hour), [], monday10 + 5 * hour);
    assert.deepEqual(given, [{ target: 'resolution', cycle: 1, kind: 'achieved', at: monday10 + 3 * hour }]);
    const v2 = policy([target('resolution', 2 * hour)], null, 2);
    const report = computeSla(timeline, v2, given, monday10 + 6 * hour);
    assert.deepEqual(
      report.clocks.map((clock) => [clock.state, clock.breachedAt, clock.marginMs]),
      [['achieved', null, -hour]],
    );
    assert.deepEqual(newVerdicts(report, given, monday10 + 6 * hour), []);
    // Reopened with no time left under v2: due at once, breached the instant after.
    const reopened = [...timeline, status(monday10 + 10 * hour, 'active')];
    const atReopen = computeSla(reopened, v2, given, monday10 + 10 * hour);
    assert.deepEqual(
      atReopen.clocks.map((clock) => [clock.state, clock.dueAt]),
      [['running', monday10 + 10 * hour]],
    );
    assert.deepEqual(slaWakeups(atReopen), [monday10 + 10 * hour + 1]);
    const after = computeSla(reopened, v2, given, monday10 + 10 * hour + 1);
    assert.deepEqual(newVerdicts(after, given, monday10 + 10 * hour + 1), [
      { target: 'resolution', cycle: 1, kind: 'breached', at: monday10 + 10 * hour },
    ]);
  });

  test('a calendar change recomputes due times in the new calendar', () => {
    const friday16 = berlin('2026-11-27T16:00');
    const timeline = [
      opened(friday16),
      reply(berlin('2026-11-27T16:30')),
      customer(berlin('2026-11-27T16:45')),
    ];
    const targets = [inBusinessHours('nextResponse', hour), inBusinessHours('resolution', 2 * hour)];
    const now = berlin('2026-11-27T17:00');
    // No calendar: business hours are around the clock.
    const roundTheClock = computeSla(timeline, policy(targets, null), [], now);
    assert.deepEqual(
      roundTheClock.clocks.map((clock) => clock.dueAt),
      [berlin('2026-11-27T17:45'), berlin('2026-11-27T18:00')],
    );
    const office = computeSla(timeline, policy(targets, berlinOffice, 2), [], now);
    assert.deepEqual(
      office.clocks.map((clock) => clock.dueAt),
      [berlin('2026-11-30T09:45'), berlin('2026-11-30T10:00')],
    );
    // The yearly holiday closes Monday 30 November: everything moves to Tuesday.
    const holiday = computeSla(
      timeline,
      policy(targets, { ...berlinOffice, holidays: ['11-30'] }, 3),
      [],
      now,
    );
    assert.deepEqual(
      holiday.clocks.map((clock) => clock.dueAt),
      [berlin('2026-12-01T09:45'), berlin('2026-12-01T10:00')],
    );
  });

  test('no policy: no clocks', () => {
    const timeline = [opened(monday10), reply(monday10 + minute), customer(monday10 + hour)];
    assert.deepEqual(computeSla(timeline, null, [], monday10 + hour), {
      clocks: [],
      dueAt: null,
      breached: false,
    });
    const given: SlaVerdict[] = [
      { target: 'firstResponse', cycle: 1, kind: 'achieved', at: monday10 + minute },
    ];
    const none = computeSla(timeline, null, given, monday10 + hour);
    assert.deepEqual(none.clocks, []);
    assert.deepEqual(newVerdicts(none, given, monday10 + hour), []);
    assert.deepEqual(slaWakeups(none), []);
    assert.deepEqual(computeSla([], policy([target('resolution', hour)]), [], monday10).clocks, []);
  });
});

describe('SLA clocks: events at one instant apply in recorded order (rule 16)', () => {
  const applied = policy([target('firstResponse', hour), target('nextResponse', hour)]);

  test('a customer message then a reply at one instant: a cycle answered in no time', () => {
    const timeline = [
      opened(monday10),
      reply(monday10 + minute),
      customer(monday10 + hour),
      reply(monday10 + hour),
    ];
    const clock = clockOf(timeline, applied, monday10 + 2 * hour, 'nextResponse');
    assert.deepEqual([clock.state, clock.elapsedMs, clock.marginMs], ['achieved', 0, hour]);
  });

  test('a reply then a customer message at one instant: the message starts a cycle the reply did not answer', () => {
    const timeline = [opened(monday10), reply(monday10 + hour), customer(monday10 + hour)];
    const clock = clockOf(timeline, applied, monday10 + hour + 10 * minute, 'nextResponse');
    assert.deepEqual(
      [clock.state, clock.startedAt, clock.dueAt],
      ['running', monday10 + hour, monday10 + 2 * hour],
    );
  });

  test('a reply that closes the ticket answers before it closes: achieved, not stopped', () => {
    const timeline = [
      opened(monday10),
      reply(monday10 + 30 * minute),
      status(monday10 + 30 * minute, 'closed'),
    ];
    assert.equal(clockOf(timeline, applied, monday10 + 2 * hour, 'firstResponse').state, 'achieved');
    const closedFirst = [opened(monday10), status(monday10 + 30 * minute, 'closed')];
    assert.equal(clockOf(closedFirst, applied, monday10 + 2 * hour, 'firstResponse').state, 'stopped');
  });
});

describe('SLA clocks: warnings, verdicts to record and wake-ups', () => {
  test('warnings by percentage and by duration, each given once per cycle', () => {
    const applied = policy([
      target('firstResponse', hour, { warning: { percent: 25 } }),
      target('resolution', 4 * hour, { warning: { beforeMs: 30 * minute } }),
    ]);
    const timeline = [opened(monday10)];
    const report = computeSla(timeline, applied, [], monday10);
    assert.deepEqual(
      report.clocks.map((clock) => [clock.warningAt, clock.warned]),
      [
        [monday10 + 45 * minute, false],
        [monday10 + 3.5 * hour, false],
      ],
    );
    assert.deepEqual(slaWakeups(report), [
      monday10 + 45 * minute,
      monday10 + hour + 1,
      monday10 + 3.5 * hour,
      monday10 + 4 * hour + 1,
    ]);
    assert.deepEqual(newVerdicts(report, [], monday10), []);
    assert.deepEqual(
      newVerdicts(computeSla(timeline, applied, [], monday10 + 45 * minute - 1), [], monday10),
      [],
    );
    const atWarning = computeSla(timeline, applied, [], monday10 + 45 * minute);
    assert.equal(atWarning.clocks[0]!.warned, true, 'reached at its instant');
    const fresh = newVerdicts(atWarning, [], monday10 + 45 * minute);
    assert.deepEqual(fresh, [
      { target: 'firstResponse', cycle: 1, kind: 'warned', at: monday10 + 45 * minute },
    ]);
    const again = computeSla(timeline, applied, fresh, monday10 + 50 * minute);
    assert.deepEqual(newVerdicts(again, fresh, monday10 + 50 * minute), [], 'a warning is given once');
    assert.deepEqual(slaWakeups(again), [
      monday10 + hour + 1,
      monday10 + 3.5 * hour,
      monday10 + 4 * hour + 1,
    ]);
  });

  test('verdicts come in instant order: warning, breach, achievement, each at its own instant', () => {
    const applied = policy([
      target('firstResponse', hour, { warning: { beforeMs: 10 * minute } }),
      target('nextResponse', hour),
      target('resolution', 8 * hour),
    ]);
    const timeline = [
      opened(monday10),
      reply(monday10 + 2 * hour),
      customer(monday10 + 3 * hour),
      reply(monday10 + 3 * hour + 20 * minute),
      status(monday10 + 4 * hour, 'closed'),
    ];
    const now = monday10 + 5 * hour;
    assert.deepEqual(newVerdicts(computeSla(timeline, applied, [], now), [], now), [
      { target: 'firstResponse', cycle: 1, kind: 'warned', at: monday10 + 50 * minute },
      { target: 'firstResponse', cycle: 1, kind: 'breached', at: monday10 + hour },
      { target: 'nextResponse', cycle: 1, kind: 'achieved', at: monday10 + 3 * hour + 20 * minute },
      { target: 'resolution', cycle: 1, kind: 'achieved', at: monday10 + 4 * hour },
    ]);
  });

  test('a clock answered before its warning never warns', () => {
    const applied = policy([target('firstResponse', hour, { warning: { percent: 50 } })]);
    const timeline = [opened(monday10), reply(monday10 + 20 * minute)];
    const report = computeSla(timeline, applied, [], monday10 + 2 * hour);
    assert.deepEqual(
      report.clocks.map((clock) => [clock.state, clock.warned, clock.warningAt]),
      [['achieved', false, null]],
    );
    assert.deepEqual(newVerdicts(report, [], monday10 + 2 * hour), [
      { target: 'firstResponse', cycle: 1, kind: 'achieved', at: monday10 + 20 * minute },
    ]);
  });

  test('warnings count business time and move with pauses', () => {
    const business = policy(
      [inBusinessHours('firstResponse', 2 * hour, { warning: { beforeMs: 30 * minute } })],
      berlinOffice,
    );
    const friday16 = berlin('2026-11-27T16:00');
    const report = computeSla([opened(friday16)], business, [], friday16);
    assert.deepEqual(
      report.clocks.map((clock) => [clock.warningAt, clock.dueAt]),
      [[berlin('2026-11-30T09:30'), berlin('2026-11-30T10:00')]],
    );
    assert.deepEqual(slaWakeups(report), [berlin('2026-11-30T09:30'), berlin('2026-11-30T10:00') + 1]);

    const applied = policy([target('firstResponse', hour, { warning: { percent: 25 } })]);
    const timeline = [opened(monday10), status(monday10 + 30 * minute, 'waiting')];
    const paused = computeSla(timeline, applied, [], monday10 + hour);
    assert.deepEqual(
      paused.clocks.map((clock) => [clock.state, clock.warningAt, clock.warned]),
      [['paused', null, false]],
    );
    const resumed = computeSla(
      [...timeline, status(monday10 + 2 * hour, 'active')],
      applied,
      [],
      monday10 + 2 * hour,
    );
    assert.deepEqual(
      resumed.clocks.map((clock) => [clock.warningAt, clock.dueAt]),
      [[monday10 + 2 * hour + 15 * minute, monday10 + 2 * hour + 30 * minute]],
    );
  });

  test('a warning reached stays reported with its instant, also once the clock is settled', () => {
    const applied = policy([target('resolution', 4 * hour, { warning: { beforeMs: hour } })]);
    const timeline = [opened(monday10), status(monday10 + 3.5 * hour, 'closed')];
    const report = computeSla(timeline, applied, [], monday10 + 5 * hour);
    assert.deepEqual(
      report.clocks.map((clock) => [clock.state, clock.warned, clock.warningAt]),
      [['achieved', true, monday10 + 3 * hour]],
    );
  });

  test('each fresh next-response cycle warns and wakes on its own', () => {
    const applied = policy([target('nextResponse', hour, { warning: { beforeMs: 15 * minute } })]);
    const timeline = [
      opened(monday10),
      reply(monday10 + minute),
      customer(monday10 + 10 * minute),
      reply(monday10 + 65 * minute), // Cycle 1: due 11:10, warned at 10:55, answered at 11:05.
      customer(monday10 + 2 * hour),
    ];
    const now = monday10 + 2 * hour;
    const report = computeSla(timeline, applied, [], now);
    assert.deepEqual(
      report.clocks.map((clock) => [clock.cycle, clock.state, clock.warned, clock.warningAt]),
      [
        [1, 'achieved', true, monday10 + 55 * minute],
        [2, 'running', false, monday10 + 2 * hour + 45 * minute],
      ],
    );
    assert.deepEqual(slaWakeups(report), [monday10 + 2 * hour + 45 * minute, monday10 + 3 * hour + 1]);
  });
});

describe('SLA clocks: what each clock reports', () => {
  const applied = policy([
    target('firstResponse', hour, { warning: { beforeMs: 15 * minute } }),
    target('resolution', 4 * hour),
  ]);

  test('a running clock, an achieved one and a breached one, field by field', () => {
    assert.deepEqual(clockOf([opened(monday10)], applied, monday10 + 20 * minute, 'firstResponse'), {
      target: 'firstResponse',
      cycle: 1,
      state: 'running',
      startedAt: monday10,
      dueAt: monday10 + hour,
      warningAt: monday10 + 45 * minute,
      warned: false,
      elapsedMs: 20 * minute,
      remainingMs: 40 * minute,
      fulfilledAt: null,
      marginMs: null,
      breachedAt: null,
    });
    assert.deepEqual(
      clockOf(
        [opened(monday10), reply(monday10 + 50 * minute)],
        applied,
        monday10 + 2 * hour,
        'firstResponse',
      ),
      {
        target: 'firstResponse',
        cycle: 1,
        state: 'achieved',
        startedAt: monday10,
        dueAt: null,
        warningAt: monday10 + 45 * minute,
        warned: true,
        elapsedMs: 50 * minute,
        remainingMs: 10 * minute,
        fulfilledAt: monday10 + 50 * minute,
        marginMs: 10 * minute,
        breachedAt: null,
      },
    );
    assert.deepEqual(clockOf([opened(monday10)], applied, monday10 + 3 * hour, 'firstResponse'), {
      target: 'firstResponse',
      cycle: 1,
      state: 'breached',
      startedAt: monday10,
      dueAt: monday10 + hour,
      warningAt: monday10 + 45 * minute,
      warned: true,
      elapsedMs: 3 * hour,
      remainingMs: -2 * hour,
      fulfilledAt: null,
      marginMs: null,
      breachedAt: monday10 + hour,
    });
  });

  test('the ticket due time is the earliest among running, unbreached clocks', () => {
    const at = (now: number, timeline: TimelineMark[]) => computeSla(timeline, applied, [], now);
    assert.equal(at(monday10, [opened(monday10)]).dueAt, monday10 + hour);
    // First response paused by waiting... and so is resolution: nothing due.
    assert.equal(
      at(monday10 + hour, [opened(monday10), status(monday10 + 10 * minute, 'waiting')]).dueAt,
      null,
    );
    // First response answered: resolution is next.
    assert.equal(
      at(monday10 + hour, [opened(monday10), reply(monday10 + minute)]).dueAt,
      monday10 + 4 * hour,
    );
    assert.equal(at(monday10 + hour, [opened(monday10), reply(monday10 + minute)]).breached, false);
  });
});

// Properties --------------------------------------------------------------------------------------

/** Alternating running and paused stretches after opening, as (run, pause) lengths in ms, and the pause status. */
const stretches = fc.array(
  fc.tuple(
    fc.integer({ min: 1, max: 5 * hour }),
    fc.integer({ min: 1, max: 3 * day }),
    fc.constantFrom<TicketStatus>('waiting', 'follow-up', 'closed'),
  ),
  { maxLength: 6 },
);

/** A timeline of run / pause / resume stretches from `start`; `end` is the last resume. */
function pausedTimeline(start: number, pairs: readonly [number, number, TicketStatus][]) {
  const timeline: TimelineMark[] = [opened(start)];
  const runs: [number, number][] = [];
  let at = start;
  for (const [running, paused, pause] of pairs) {
    runs.push([at, at + running]);
    at += running;
    timeline.push(status(at, pause));
    at += paused;
    timeline.push(status(at, 'active'));
  }
  return { timeline, end: at, runs };
}

const total = (runs: readonly [number, number][], measure: (from: number, to: number) => number) =>
  runs.reduce((sum, [from, to]) => sum + measure(from, to), 0);

/** Any instant in two weeks around the test dates. */
const anyStart = fc.integer({ min: berlin('2026-11-16T00:00'), max: berlin('2026-11-30T00:00') });

describe('SLA clocks: pause and resume properties (fast-check)', () => {
  // First response pauses in all three states (closed stops it); a huge target keeps it unbreached.
  const huge = 1000 * hour;

  test('around the clock: elapsed is the running time, and due = last resume + remaining', () => {
    fc.assert(
      fc.property(anyStart, stretches, fc.integer({ min: 0, max: 5 * hour }), (start, pairs, tail) => {
        const applied = policy([target('firstResponse', huge)]);
        const { timeline, end, runs } = pausedTimeline(start, pairs);
        const clock = clockOf(timeline, applied, end + tail, 'firstResponse');
        const ran = total(runs, (from, to) => to - from);
        assert.equal(clock.state, 'running');
        assert.equal(clock.elapsedMs, ran + tail);
        assert.equal(clock.remainingMs, huge - ran - tail);
        assert.equal(clock.dueAt, end + (huge - ran));
      }),
      { seed: 42, numRuns: 200 },
    );
  });

  test('while paused: no due time, and elapsed and remaining frozen whatever the hour', () => {
    fc.assert(
      fc.property(
        anyStart,
        stretches,
        fc.integer({ min: 1, max: 5 * hour }),
        fc.constantFrom<TicketStatus>('waiting', 'follow-up', 'closed'),
        fc.boolean(),
        fc.integer({ min: 0, max: 10 * day }),
        (start, pairs, run, pause, business, later) => {
          const applied = policy([target('firstResponse', huge, { businessHours: business })], berlinOffice);
          const { timeline, end, runs } = pausedTimeline(start, pairs);
          const pausedAt = end + run;
          const marks = [...timeline, status(pausedAt, pause)];
          const measure = (from: number, to: number) =>
            businessTimeBetween(business ? berlinOffice : null, from, to);
          const ran = total([...runs, [end, pausedAt]], measure);
          for (const now of [pausedAt, pausedAt + later]) {
            assert.deepEqual(summary(clockOf(marks, applied, now, 'firstResponse')), {
              state: pause === 'closed' ? 'stopped' : 'paused',
              dueAt: null,
              elapsedMs: ran,
              remainingMs: huge - ran,
            });
          }
        },
      ),
      { seed: 5, numRuns: 100 },
    );
  });

  test('in business hours: elapsed sums business time over running stretches, due = add(resume, remaining), and elapsed never decreases', () => {
    fc.assert(
      fc.property(
        anyStart,
        stretches,
        fc.integer({ min: 0, max: 2 * day }),
        fc.integer({ min: 0, max: 2 * day }),
        (start, pairs, a, b) => {
          const applied = policy([inBusinessHours('resolution', huge)], berlinOffice);
          const { timeline, end, runs } = pausedTimeline(
            start,
            pairs.map(([run, paused, pause]) => [run, paused, pause === 'closed' ? 'waiting' : pause]),
          );
          const ran = total(runs, (from, to) => businessTimeBetween(berlinOffice, from, to));
          const [early, late] = [end + Math.min(a, b), end + Math.max(a, b)];
          const atEnd = clockOf(timeline, applied, end, 'resolution');
          assert.equal(atEnd.elapsedMs, ran);
          assert.equal(atEnd.dueAt, addBusinessTime(berlinOffice, end, huge - ran));
          const atEarly = clockOf(timeline, applied, early, 'resolution');
          assert.equal(atEarly.elapsedMs, ran + businessTimeBetween(berlinOffice, end, early));
          assert.equal(atEarly.dueAt, atEnd.dueAt, 'a running clock keeps its due time');
          assert.ok(clockOf(timeline, applied, late, 'resolution').elapsedMs >= atEarly.elapsedMs);
        },
      ),
      { seed: 7, numRuns: 100 },
    );
  });

  test('elapsed never decreases as time passes, whatever the timeline', () => {
    fc.assert(
      fc.property(
        anyStart,
        stretches,
        fc.array(fc.integer({ min: 0, max: 20 * day }), { minLength: 2, maxLength: 5 }),
        (start, pairs, offsets) => {
          const applied = policy(
            [inBusinessHours('firstResponse', 30 * hour), target('resolution', 40 * hour)],
            berlinOffice,
          );
          const { timeline } = pausedTimeline(start, pairs);
          let previous = [-1, -1];
          for (const offset of [...offsets].sort((x, y) => x - y)) {
            const elapsed = computeSla(timeline, applied, [], start + offset).clocks.map(
              (clock) => clock.elapsedMs,
            );
            for (const [index, ms] of elapsed.entries()) assert.ok(ms >= previous[index]!);
            previous = elapsed;
          }
        },
      ),
      { seed: 13, numRuns: 100 },
    );
  });

  test('a pause wholly outside open hours changes nothing', () => {
    fc.assert(
      fc.property(
        anyStart,
        stretches,
        fc.integer({ min: 0, max: 7 * day }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.integer({ min: 0, max: 3 * day }),
        fc.integer({ min: 1, max: 60 * hour }),
        (start, pairs, offset, share, tail, within) => {
          const { timeline, end } = pausedTimeline(start, pairs);
          const from = end + offset;
          fc.pre(!isOpen(berlinOffice, from));
          // Any stretch from `from` up to the next opening is closed throughout.
          const to = from + Math.max(1, Math.floor((addBusinessTime(berlinOffice, from, 0) - from) * share));
          const applied = policy(
            [inBusinessHours('firstResponse', within), inBusinessHours('resolution', within)],
            berlinOffice,
          );
          // A clock exhausted exactly as the pause starts (due on a closing time) would resume with nothing
          // left, due at the next opening (rules 5 and 12); that instant is outside this property.
          fc.pre(computeSla(timeline, applied, [], from).clocks.every((clock) => clock.dueAt !== from));
          const paused = [...timeline, status(from, 'waiting'), status(to, 'active')];
          for (const now of [to, to + tail]) {
            assert.deepEqual(computeSla(paused, applied, [], now), computeSla(timeline, applied, [], now));
          }
        },
      ),
      { seed: 3, numRuns: 150 },
    );
  });

  test('verdict around the clock: achieved exactly when fulfilled with elapsed at most the target', () => {
    fc.assert(
      fc.property(
        anyStart,
        stretches,
        fc.integer({ min: 1, max: 10 * hour }),
        fc.integer({ min: 0, max: 20 * hour }),
        (start, pairs, within, answerAfter) => {
          const applied = policy([target('firstResponse', within)]);
          const { timeline, end, runs } = pausedTimeline(start, pairs);
          const answeredAt = end + answerAfter;
          const clock = clockOf([...timeline, reply(answeredAt)], applied, answeredAt + day, 'firstResponse');
          const elapsed = total(runs, (from, to) => to - from) + answerAfter;
          assert.equal(clock.elapsedMs, elapsed);
          assert.equal(clock.marginMs, within - elapsed);
          assert.equal(clock.fulfilledAt, answeredAt);
          assert.equal(clock.state, elapsed <= within ? 'achieved' : 'breached');
        },
      ),
      { seed: 11, numRuns: 300 },
    );
  });

  test('verdict in business hours: achieved exactly when fulfilled by the due instant, which needs elapsed ≤ target', () => {
    fc.assert(
      fc.property(
        anyStart,
        stretches,
        fc.integer({ min: 1, max: 20 * hour }),
        fc.integer({ min: 0, max: 4 * day }),
        (start, pairs, within, answerAfter) => {
          const applied = policy([inBusinessHours('firstResponse', within)], berlinOffice);
          const { timeline, end } = pausedTimeline(start, pairs);
          const answeredAt = end + answerAfter;
          const before = clockOf(timeline, applied, answeredAt, 'firstResponse');
          const clock = clockOf([...timeline, reply(answeredAt)], applied, answeredAt + day, 'firstResponse');
          assert.equal(clock.marginMs, within - clock.elapsedMs);
          // The due instant as it stood when the answer came; a breach before it leaves it at the breach.
          const onTime = before.state !== 'breached' && before.dueAt !== null && answeredAt <= before.dueAt;
          assert.equal(clock.state, onTime ? 'achieved' : 'breached');
          if (clock.elapsedMs < within) assert.equal(clock.state, 'achieved');
          if (clock.elapsedMs > within) assert.equal(clock.state, 'breached');
          if (clock.state === 'breached') assert.equal(clock.breachedAt, before.dueAt);
        },
      ),
      { seed: 17, numRuns: 200 },
    );
  });
});

// A ticket's life as the workflow sees it --------------------------------------------------------

type Step = 'customer' | 'reply' | 'replyWaiting' | 'wait' | 'followUp' | 'close' | 'reopen';

const steps = fc.array(
  fc.tuple(
    fc.constantFrom<Step>('customer', 'reply', 'replyWaiting', 'wait', 'followUp', 'close', 'reopen'),
    fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 3 * hour })),
  ),
  { maxLength: 14 },
);

/** A plausible timeline: replies only while not closed, a customer message reopens, no status mark without a change. */
function lifeOf(start: number, byCustomer: boolean, plan: readonly [Step, number][]) {
  const timeline: TimelineMark[] = [opened(start, byCustomer)];
  let current = 'active' as TicketStatus;
  let at = start;
  const move = (to: TicketStatus) => {
    if (current === to) return;
    timeline.push(status(at, to));
    current = to;
  };
  for (const [step, gap] of plan) {
    at += gap;
    const closed = current === 'closed';
    if (step === 'customer') {
      move('active');
      timeline.push(customer(at));
    } else if (step === 'reply' && !closed) {
      timeline.push(reply(at));
      move('active');
    } else if (step === 'replyWaiting' && !closed) {
      timeline.push(reply(at));
      move('waiting');
    } else if (step === 'wait' && !closed) move('waiting');
    else if (step === 'followUp' && !closed) move('follow-up');
    else if (step === 'close') move('closed');
    else if (step === 'reopen' && closed) move('active');
  }
  return { timeline, end: at };
}

/** Targets with a warning strictly before the due time. */
const anyTarget = (kind: SlaTargetKind) =>
  fc
    .tuple(
      fc.integer({ min: minute, max: 6 * hour }),
      fc.boolean(),
      fc.oneof(
        fc.constant<'none'>('none'),
        fc.double({ min: 0, max: 0.99, noNaN: true }).map((share) => ({ share })),
        fc.integer({ min: 0, max: 99 }).map((percent) => ({ percent })),
      ),
    )
    .map(([withinMs, businessHours, warn]): SlaTarget => {
      const warning: SlaWarning | null =
        warn === 'none'
          ? null
          : 'share' in warn
            ? { beforeMs: Math.floor(withinMs * warn.share) }
            : { percent: warn.percent };
      return { kind, withinMs, businessHours, warning };
    });

const anyPolicy = (version: number) =>
  fc
    .tuple(anyTarget('firstResponse'), anyTarget('nextResponse'), anyTarget('resolution'))
    .map((targets) => policy(targets, berlinOffice, version));

interface Emitted {
  verdict: SlaVerdict;
  now: number;
}

/**
 * Runs a ticket the way its workflow does: at each mark and each wake-up it records the fresh verdicts,
 * then sleeps until the next mark or wake-up (at least a millisecond, as the workflow does).
 */
function simulate(
  timeline: readonly TimelineMark[],
  appliedAt: (now: number) => AppliedSla,
  horizon: number,
  switchAt: number | null = null,
) {
  let given: SlaVerdict[] = [];
  const emitted: Emitted[] = [];
  let now = timeline[0]!.at;
  for (let round = 0; ; round++) {
    assert.ok(round < 2000, 'the ticket keeps waking');
    const seen = timeline.filter((mark) => mark.at <= now);
    const applied = appliedAt(now);
    const fresh = newVerdicts(computeSla(seen, applied, given, now), given, now);
    for (const verdict of fresh) {
      assert.ok(verdict.at <= now, 'no verdict before its instant');
      emitted.push({ verdict, now });
    }
    given = [...given, ...fresh];
    const wakeups = slaWakeups(computeSla(seen, applied, given, now));
    for (const wakeup of wakeups) assert.ok(wakeup >= now, 'no wake-up in the past');
    const nextMark = timeline.find((mark) => mark.at > now)?.at ?? Infinity;
    const nextSwitch = switchAt !== null && switchAt > now ? switchAt : Infinity;
    const next = Math.max(now + 1, Math.min(nextMark, nextSwitch, ...wakeups));
    if (next > horizon) break;
    now = next;
  }
  const keys = emitted.map(({ verdict }) => `${verdict.target}/${verdict.cycle}/${verdict.kind}`);
  assert.equal(new Set(keys).size, keys.length, `each verdict once: ${keys.join(', ')}`);
  return { given, emitted };
}

describe('SLA clocks: a ticket run the way its workflow runs it (fast-check)', () => {
  test('every verdict is given once, on time, and the final report agrees with one computed afresh', () => {
    fc.assert(
      fc.property(anyStart, fc.boolean(), steps, anyPolicy(1), (start, byCustomer, plan, applied) => {
        const { timeline, end } = lifeOf(start, byCustomer, plan);
        const horizon = end + 5 * day;
        const { given, emitted } = simulate(timeline, () => applied, horizon);
        for (const { verdict, now } of emitted) {
          if (verdict.kind === 'breached')
            assert.equal(now, verdict.at + 1, 'a breach is seen the instant after due');
          else assert.equal(now, verdict.at, `${verdict.kind} seen at its instant`);
        }
        assert.deepEqual(
          computeSla(timeline, applied, given, horizon),
          computeSla(timeline, applied, [], horizon),
        );
      }),
      { seed: 23, numRuns: 120 },
    );
  });

  test('after a policy change, verdicts already given stand and the ticket never wakes in the past', () => {
    fc.assert(
      fc.property(
        anyStart,
        fc.boolean(),
        steps,
        anyPolicy(1),
        anyPolicy(2),
        fc.integer({ min: 0, max: 30 * hour }),
        (start, byCustomer, plan, v1, v2, switchAfter) => {
          const { timeline, end } = lifeOf(start, byCustomer, plan);
          const switchAt = start + switchAfter;
          const horizon = Math.max(end, switchAt) + 5 * day;
          const { given } = simulate(timeline, (now) => (now < switchAt ? v1 : v2), horizon, switchAt);
          const report = computeSla(timeline, v2, given, horizon);
          for (const verdict of given) {
            if (verdict.kind === 'warned') continue;
            const clock = report.clocks.find((c) => c.target === verdict.target && c.cycle === verdict.cycle);
            assert.ok(clock, `${verdict.target} ${verdict.cycle}`);
            if (verdict.kind === 'breached') assert.equal(clock.state, 'breached');
            else if (verdict.target !== 'resolution') assert.equal(clock.state, 'achieved');
            // A resolution achievement stands for its close; only a breach after a reopen comes later.
            else if (clock.state === 'breached') assert.ok(clock.breachedAt! > verdict.at);
          }
        },
      ),
      { seed: 29, numRuns: 120 },
    );
  });
});
