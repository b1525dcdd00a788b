import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  type AutomationRule,
  eventTriggers,
  firingRules,
  renderTemplate,
  ruleTimers,
} from '../../../../workflows/domain/automation-rule';
import type { BusinessCalendar } from '../../../../workflows/domain/business-calendar';
import { computeSla } from '../../../../workflows/domain/sla-clock';
import { openTicket, type TicketState } from '../../../../workflows/domain/ticket';
import { dueAutomationTimer, noAutomation } from '../../../../workflows/domain/ticket-automation';
import { type Conditions, matchesConditions } from '../../../../workflows/domain/ticket-conditions';
import { applyTicketEvent } from '../../../../workflows/domain/ticket-events';

const minute = 60_000;
const monday10 = Date.parse('2026-11-23T10:00:00+01:00');
const berlinOffice: BusinessCalendar = {
  timeZone: 'Europe/Berlin',
  ranges: [1, 2, 3, 4, 5].map((day) => ({ day: day as 1, open: '09:00', close: '17:00' })),
  holidays: [],
};

const ticket = (overrides: Partial<TicketState> = {}): TicketState => ({
  ...openTicket(
    {
      number: 42,
      brandId: 1,
      departmentId: 2,
      groupId: 3,
      customerId: 4,
      subject: 'Printer on FIRE',
      channel: 'api',
      firstMessageId: 'first',
    },
    monday10,
  ),
  ...overrides,
});

const facts = (state: TicketState, body: string | null = null, now = monday10) => ({
  ticket: state,
  body,
  calendar: berlinOffice,
  now,
});
const rule = (id: number, overrides: Partial<AutomationRule> = {}): AutomationRule => ({
  id,
  version: 1,
  name: `rule ${id}`,
  ownerId: null,
  trigger: { on: 'created' },
  conditions: { all: [], any: [] },
  actions: [{ type: 'pin', pinned: true }],
  ...overrides,
});

describe('conditions', () => {
  test('every "all" condition and, when given, one "any" condition must hold', () => {
    const conditions: Conditions = {
      all: [{ field: 'department', op: 'in', value: [2] }],
      any: [
        { field: 'priority', op: 'in', value: ['urgent'] },
        { field: 'subject', op: 'containsAny', value: ['fire', 'smoke'] },
      ],
    };
    assert.equal(matchesConditions(conditions, facts(ticket())), true, 'keywords ignore case');
    assert.equal(matchesConditions(conditions, facts(ticket({ subject: 'Paper jam' }))), false);
    assert.equal(matchesConditions(conditions, facts(ticket({ departmentId: 9 }))), false);
    assert.equal(matchesConditions({ all: [], any: [] }, facts(ticket())), true);
  });

  test('ids, keywords, patterns, reply counts and business hours', () => {
    const holds = (
      conditions: Conditions['all'],
      state = ticket(),
      body: string | null = null,
      now = monday10,
    ) => matchesConditions({ all: conditions, any: [] }, facts(state, body, now));
    assert.equal(
      holds([{ field: 'agent', op: 'notIn', value: [5] }]),
      true,
      'an unassigned ticket has no agent',
    );
    assert.equal(holds([{ field: 'agent', op: 'in', value: [5] }]), false);
    assert.equal(holds([{ field: 'subject', op: 'containsAll', value: ['printer', 'fire'] }]), true);
    assert.equal(holds([{ field: 'subject', op: 'containsAll', value: ['printer', 'smoke'] }]), false);
    assert.equal(
      holds([{ field: 'body', op: 'matches', value: 'since \\d+ ?min' }], ticket(), 'down since 20min'),
      true,
    );
    assert.equal(
      holds([{ field: 'body', op: 'matches', value: 'since' }], ticket(), null),
      false,
      'no message, no match',
    );
    const replied = applyTicketEvent(
      ticket(),
      { type: 'agentReplied', messageId: 'a', agentId: 5, status: 'active' },
      monday10 + minute,
    );
    assert.equal(holds([{ field: 'replyCount', op: 'atLeast', value: 1 }], replied), true);
    assert.equal(holds([{ field: 'replyCount', op: 'atMost', value: 0 }], replied), false);
    const acme = ticket({ organizationId: 8, customFields: { tier: 'gold' } });
    assert.equal(holds([{ field: 'organization', op: 'in', value: [8] }], acme), true);
    assert.equal(holds([{ field: 'organization', op: 'in', value: [8] }]), false, 'no organization');
    assert.equal(
      holds([{ field: 'customField', key: 'tier', op: 'in', value: ['gold', 'platinum'] }], acme),
      true,
    );
    assert.equal(holds([{ field: 'customField', key: 'tier', op: 'notIn', value: ['gold'] }], acme), false);
    assert.equal(
      holds([{ field: 'customField', key: 'region', op: 'notIn', value: ['eu'] }], acme),
      true,
      'unset',
    );
    const saturday = Date.parse('2026-11-28T12:00:00+01:00');
    assert.equal(holds([{ field: 'businessHours', op: 'inside' }]), true);
    assert.equal(holds([{ field: 'businessHours', op: 'outside' }], ticket(), null, saturday), true);
  });
});

describe('triggers and rules', () => {
  test('an event raises its own trigger and, when it changes them, status and priority triggers', () => {
    const before = ticket();
    const reply = { type: 'agentReplied', messageId: 'a', agentId: 5, status: 'waiting' } as const;
    assert.deepEqual(eventTriggers(before, reply, applyTicketEvent(before, reply, monday10)), [
      'messageOut',
      'statusChanged',
    ]);
    const same = { type: 'prioritySet', priority: 'normal', agentId: 5 } as const;
    assert.deepEqual(eventTriggers(before, same, applyTicketEvent(before, same, monday10)), []);
  });

  test('personal rules act only on their owner’s tickets; rules in the chain do not fire again', () => {
    const rules = [rule(1), rule(2, { ownerId: 5 }), rule(3)];
    const fired = (state: TicketState, chain: number[] = []) =>
      firingRules(rules, 'created', facts(state), chain).map((candidate) => candidate.id);
    assert.deepEqual(fired(ticket()), [1, 3]);
    assert.deepEqual(fired(ticket({ agentId: 5 })), [1, 2, 3]);
    assert.deepEqual(fired(ticket(), [1]), [3]);
  });

  test('time-based rules: each occurrence once; "before due" only for running clocks', () => {
    const state = ticket();
    const applied = {
      policyId: 1,
      version: 1,
      name: 'p',
      calendar: null,
      targets: [
        { kind: 'firstResponse' as const, withinMs: 30 * minute, businessHours: false, warning: null },
      ],
    };
    const withPolicy: TicketState = { ...state, sla: { applied, given: [] } };
    const rules = [
      rule(1, { trigger: { on: 'idleFor', afterMs: 10 * minute } }),
      rule(2, { trigger: { on: 'beforeDue', beforeMs: 5 * minute, target: null } }),
      rule(3, { trigger: { on: 'afterBreach', afterMs: minute, target: 'firstResponse' } }),
    ];
    const report = computeSla(withPolicy.timeline, applied, [], monday10);
    const timers = ruleTimers(rules, withPolicy, report, []);
    assert.deepEqual(
      timers.map((timer) => [timer.ruleId, timer.at - monday10]),
      [
        [1, 10 * minute],
        [2, 25 * minute],
      ],
    );
    assert.deepEqual(
      ruleTimers(rules, withPolicy, report, [timers[0]!.key]).map((timer) => timer.ruleId),
      [2],
    );
    const late = computeSla(withPolicy.timeline, applied, [], monday10 + 40 * minute);
    assert.deepEqual(
      ruleTimers(rules, withPolicy, late, [timers[0]!.key]).map((timer) => [
        timer.ruleId,
        timer.at - monday10,
      ]),
      [[3, 31 * minute]],
    );

    const automation = { ...noAutomation, rules };
    const now = monday10 + 40 * minute;
    assert.deepEqual(
      dueAutomationTimer(withPolicy, late, automation, now),
      { type: 'slaCheck' },
      'the breach first',
    );
    const settled: TicketState = {
      ...withPolicy,
      sla: {
        applied,
        given: [{ target: 'firstResponse', cycle: 1, kind: 'breached', at: monday10 + 30 * minute }],
      },
    };
    const after = computeSla(settled.timeline, applied, settled.sla.given, now);
    const due = dueAutomationTimer(settled, after, { ...automation, fired: [timers[0]!.key] }, now);
    assert.equal(due?.type, 'ruleDue');
  });

  test('templates fill the ticket placeholders', () => {
    assert.equal(
      renderTemplate('#{{ticket.number}} {{ ticket.subject }} {{ticket.other}}', ticket()),
      '#42 Printer on FIRE {{ticket.other}}',
    );
  });
});
