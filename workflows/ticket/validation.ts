import { ApplicationFailure } from '@temporalio/workflow';
import type { TicketState } from '../domain/ticket';
import { type CommandEvent, refusal } from '../domain/ticket-events';
import { REFUSED, VERSION_CONFLICT } from './messages';

/**
 * The update validators' check: refuse before anything is recorded. ApplicationFailure rejects the update
 * only; it carries the current state, so the caller sees what it collided with.
 */
export function validateCommand(state: TicketState, event: CommandEvent, expectedVersion?: number): void {
  if (expectedVersion !== undefined && expectedVersion !== state.version) {
    throw ApplicationFailure.create({
      type: VERSION_CONFLICT,
      message: `ticket ${state.number} changed since version ${expectedVersion}; it is at version ${state.version}`,
      details: [state],
      nonRetryable: true,
    });
  }
  const reason = refusal(state, event);
  if (reason)
    throw ApplicationFailure.create({
      type: REFUSED,
      message: reason,
      details: [state],
      nonRetryable: true,
    });
}
