import {
  ApplicationFailure,
  allHandlersFinished,
  condition,
  continueAsNew,
  setHandler,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import { openTicket, type TicketState, upgradeState } from '../domain/ticket';
import { ticketEffects } from '../domain/ticket-effects';
import { applyTicketEvent, type CommandEvent, refusal, type TicketEvent } from '../domain/ticket-events';
import { firstDueTimer, nextDeadline } from '../domain/ticket-timers';
import { projectTicket, publishTicketUpdated, recordEffect } from './activities';
import {
  agentReplyUpdate,
  closeUpdate,
  commandUpdate,
  customerRepliedSignal,
  openUpdate,
  REFUSED,
  stateQuery,
  type TicketWorkflowInput,
  ticketGroupSearchAttribute,
  ticketStatusSearchAttribute,
  timingsChangedSignal,
  VERSION_CONFLICT,
} from './messages';

/** One ticket's whole life: the single writer of its status, group and timers. */
export async function ticketWorkflow(input: TicketWorkflowInput): Promise<TicketState> {
  let state = input.carried ? upgradeState(input.carried) : openTicket(input.ticket, Date.now());
  let visible = input.carried !== undefined;

  /** Makes `state` visible: read model first (so the caller can read its own write), then sockets. */
  async function show(acceptedMessageIds: string[]): Promise<void> {
    const snapshot = state;
    upsertSearchAttributes([
      { key: ticketStatusSearchAttribute, value: snapshot.status },
      { key: ticketGroupSearchAttribute, value: snapshot.groupId },
    ]);
    await projectTicket(snapshot, acceptedMessageIds);
    await publishTicketUpdated(snapshot);
  }

  /** Update validators: refuse before anything is recorded. ApplicationFailure rejects the update only. */
  function validate(event: CommandEvent, expectedVersion?: number): void {
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

  async function apply(event: TicketEvent, acceptedMessageIds: string[] = []): Promise<TicketState> {
    const before = state;
    state = applyTicketEvent(state, event, Date.now());
    const after = state;
    await show(acceptedMessageIds);
    for (const effect of ticketEffects(before, event))
      await recordEffect(effect, `ticket-${after.number}/v${after.version}`);
    return after;
  }

  setHandler(stateQuery, () => state);
  setHandler(openUpdate, async () => {
    await condition(() => visible);
    return state;
  });
  setHandler(customerRepliedSignal, async ({ messageId }) => {
    await apply({ type: 'customerReplied', messageId }, [messageId]);
  });
  setHandler(timingsChangedSignal, async (timings) => {
    await apply({ type: 'timingsChanged', timings });
  });
  setHandler(
    agentReplyUpdate,
    ({ expectedVersion: _, ...reply }) => apply({ type: 'agentReplied', ...reply }, [reply.messageId]),
    {
      validator: ({ expectedVersion, ...reply }) =>
        validate({ type: 'agentReplied', ...reply }, expectedVersion),
    },
  );
  setHandler(closeUpdate, ({ expectedVersion: _, ...command }) => apply({ type: 'closed', ...command }), {
    validator: ({ expectedVersion, ...command }) => validate({ type: 'closed', ...command }, expectedVersion),
  });
  setHandler(
    commandUpdate,
    ({ expectedVersion: _, ...command }) =>
      apply(command, command.type === 'commentAdded' ? [command.messageId] : []),
    { validator: ({ expectedVersion, ...command }) => validate(command, expectedVersion) },
  );

  if (!visible) {
    await show([input.ticket.firstMessageId]);
    visible = true;
  }

  // Sleep until the next armed timer or any change, whichever comes first; a change may re-arm timers.
  while (!workflowInfo().continueAsNewSuggested) {
    const seen = state.version;
    const deadline = nextDeadline(state);
    const changed = await condition(
      () => state.version !== seen || workflowInfo().continueAsNewSuggested,
      deadline === null ? undefined : Math.max(1, deadline - Date.now()),
    );
    if (changed) continue;
    for (let timer = firstDueTimer(state, Date.now()); timer; timer = firstDueTimer(state, Date.now())) {
      await apply(timer);
    }
  }
  await condition(allHandlersFinished);
  return continueAsNew<typeof ticketWorkflow>({ ticket: input.ticket, carried: state });
}
