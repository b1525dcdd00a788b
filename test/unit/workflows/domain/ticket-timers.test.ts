import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { openTicket, type TicketState } from '../../../../workflows/domain/ticket';
import { applyTicketEvent, type TicketEvent } from '../../../../workflows/domain/ticket-events';
import { armedTimers, firstDueTimer, nextDeadline } from '../../../../workflows/domain/ticket-timers';
import { noTimings } from '../../../../workflows/domain/ticket-timings';

const t0 = Date.parse('2026-11-20T09:00:00Z');
const minute = 60_000;

function ticket(timings: Partial<typeof noTimings> = {}): TicketState {
  return openTicket(
    {
      number: 1,
      brandId: 1,
      departmentId: 1,
      groupId: 1,
      customerId: 1,
      subject: 's',
      channel: 'api',
      firstMessageId: 'm',
      timings: { ...noTimings, ...timings },
    },
    t0,
  );
}

const run = (state: TicketState, ...steps: [TicketEvent, number][]) =>
  steps.reduce((current, [event, at]) => applyTicketEvent(current, event, at), state);

describe('ticket timers', () => {
  test('without timers and follow-ups nothing is armed', () => {
    assert.equal(nextDeadline(ticket()), null);
  });

  test('idle and duration thresholds run from the customer wait and from creation', () => {
    const state = ticket({
      idleWarningAfterMs: 10 * minute,
      idleCriticalAfterMs: 20 * minute,
      durationWarningAfterMs: 15 * minute,
    });
    assert.deepEqual(
      armedTimers(state).map((timer) => [timer.event.type, (timer.at - t0) / minute]),
      [
        ['idleWarning', 10],
        ['durationWarning', 15],
        ['idleCritical', 20],
      ],
    );
    assert.equal(firstDueTimer(state, t0 + 10 * minute - 1), null);
    assert.deepEqual(firstDueTimer(state, t0 + 10 * minute), { type: 'idleWarning' });
  });

  test('a raised alert is not armed again until an agent reply starts a new idle cycle', () => {
    const raised = run(ticket({ idleWarningAfterMs: 10 * minute }), [
      { type: 'idleWarning' },
      t0 + 10 * minute,
    ]);
    assert.equal(nextDeadline(raised), null);
    const answered = run(
      raised,
      [{ type: 'agentReplied', messageId: 'r', agentId: 1, status: 'active' }, t0 + 11 * minute],
      [{ type: 'customerReplied', messageId: 'c' }, t0 + 12 * minute],
    );
    assert.equal(nextDeadline(answered), t0 + 22 * minute);
  });

  test('stop idle events after silences thresholds beyond it', () => {
    const state = ticket({
      idleWarningAfterMs: 10 * minute,
      idleCriticalAfterMs: 30 * minute,
      stopIdleEventsAfterMs: 20 * minute,
    });
    assert.deepEqual(
      armedTimers(state).map((timer) => timer.event.type),
      ['idleWarning'],
    );
  });

  test('auto-close runs only while Waiting and restarts with every message', () => {
    const base = ticket({ autoCloseAfterMs: 60 * minute });
    assert.equal(nextDeadline(base), null, 'not while Active');
    const waiting = run(base, [
      { type: 'agentReplied', messageId: 'r1', agentId: 1, status: 'waiting' },
      t0 + minute,
    ]);
    assert.equal(nextDeadline(waiting), t0 + 61 * minute);
    const again = run(waiting, [
      { type: 'agentReplied', messageId: 'r2', agentId: 1, status: 'waiting' },
      t0 + 30 * minute,
    ]);
    assert.equal(nextDeadline(again), t0 + 90 * minute);
    const customer = run(again, [{ type: 'customerReplied', messageId: 'c' }, t0 + 40 * minute]);
    assert.equal(customer.status, 'active');
    assert.equal(nextDeadline(customer), null);
  });

  test('follow-ups fire earliest first and a closed ticket has no timers', () => {
    const state = run(
      ticket({ durationWarningAfterMs: 600 * minute }),
      [
        { type: 'followUpScheduled', followUp: { id: 'b', dueAt: t0 + 50 * minute, note: '', agentId: 1 } },
        t0,
      ],
      [
        { type: 'followUpScheduled', followUp: { id: 'a', dueAt: t0 + 20 * minute, note: '', agentId: 1 } },
        t0,
      ],
    );
    assert.equal(state.status, 'follow-up');
    assert.deepEqual(firstDueTimer(state, t0 + 20 * minute), { type: 'followUpDue', followUpId: 'a' });
    const first = run(state, [{ type: 'followUpDue', followUpId: 'a' }, t0 + 20 * minute]);
    assert.equal(first.status, 'active');
    assert.equal(nextDeadline(first), t0 + 50 * minute);
    const closed = run(first, [{ type: 'closed', agentId: 1 }, t0 + 21 * minute]);
    assert.equal(nextDeadline(closed), null);
    assert.deepEqual(closed.followUps, []);
  });

  test('a customer message to a locked ticket leaves it locked', () => {
    const locked = run(
      ticket(),
      [{ type: 'closed', agentId: 1 }, t0],
      [{ type: 'statusChanged', change: 'lock', agentId: 1, role: 'agent' }, t0],
      [{ type: 'customerReplied', messageId: 'c' }, t0 + minute],
    );
    assert.equal(locked.status, 'closed-locked');
  });
});
