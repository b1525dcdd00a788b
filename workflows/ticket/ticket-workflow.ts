import {
  ApplicationFailure,
  allHandlersFinished,
  condition,
  continueAsNew,
  patched,
  setHandler,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import { isDormant, openTicket, type TicketState, upgradeState } from '../domain/ticket';
import { ticketEffects } from '../domain/ticket-effects';
import { applyTicketEvent, type CommandEvent, refusal, type TicketEvent } from '../domain/ticket-events';
import { firstDueTimer, nextDeadline } from '../domain/ticket-timers';
import { chooseAgent, projectTicket, publishTicketUpdated, recordEffect } from './activities';
import {
  agentAvailableSignal,
  agentReplyUpdate,
  closeUpdate,
  commandUpdate,
  customerRepliedSignal,
  openUpdate,
  REFUSED,
  stateQuery,
  type TicketCommand,
  type TicketWorkflowInput,
  ticketGroupSearchAttribute,
  ticketStatusSearchAttribute,
  timingsChangedSignal,
  VERSION_CONFLICT,
} from './messages';

/** The stored messages a command brings into the ticket. */
function acceptedMessages(command: TicketCommand): string[] {
  if (command.type === 'commentAdded') return [command.messageId];
  if (command.type === 'transferred' && command.commentMessageId) return [command.commentMessageId];
  return [];
}

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

  /** Runs the effects `event` asks for, each keyed by the version it produced, so retries record it once. */
  async function recordEffects(before: TicketState, event: TicketEvent, version: number): Promise<void> {
    for (const effect of ticketEffects(before, event))
      await recordEffect(effect, `ticket-${before.number}/v${version}`);
  }

  async function apply(event: TicketEvent, acceptedMessageIds: string[] = []): Promise<TicketState> {
    const before = state;
    state = applyTicketEvent(state, event, Date.now());
    const after = state;
    await show(acceptedMessageIds);
    await recordEffects(before, event, after.version);
    return after;
  }

  /** Offers a queued ticket to its group's agents; someone may have taken it while we asked. */
  async function distribute(): Promise<void> {
    if (state.agentId !== null || isDormant(state.status)) return;
    const agentId = await chooseAgent(state.groupId);
    if (agentId !== null && state.agentId === null && !isDormant(state.status))
      await apply({ type: 'assigned', agentId });
  }

  setHandler(stateQuery, () => state);
  setHandler(agentAvailableSignal, distribute);
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
    async ({ expectedVersion: _, ...command }) => {
      await apply(command, acceptedMessages(command));
      if (command.type === 'transferred' && command.to.agentId === null) await distribute();
      return state;
    },
    { validator: ({ expectedVersion, ...command }) => validate(command, expectedVersion) },
  );

  if (!visible) {
    // Tickets opened before distribution existed were shown unassigned; new ones get an agent first,
    // so the answer to the creator already names the owner.
    const assigned = patched('distribution-on-open') ? await chooseAgent(state.groupId) : null;
    if (assigned !== null) state = { ...state, agentId: assigned };
    await show([input.ticket.firstMessageId]);
    visible = true;
    if (assigned !== null) await recordEffects(state, { type: 'assigned', agentId: assigned }, 1);
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
