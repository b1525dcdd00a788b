import {
  ApplicationFailure,
  allHandlersFinished,
  condition,
  continueAsNew,
  setHandler,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import { applyTicketEvent, openTicket, refusal, type TicketEvent, type TicketState } from '../domain/ticket';
import { projectTicket, publishTicketUpdated } from './activities';
import {
  agentReplyUpdate,
  closeUpdate,
  customerRepliedSignal,
  openUpdate,
  stateQuery,
  type TicketWorkflowInput,
  ticketGroupSearchAttribute,
  ticketStatusSearchAttribute,
} from './messages';

/** One ticket's whole life: the single writer of its status, group and timers. */
export async function ticketWorkflow(input: TicketWorkflowInput): Promise<TicketState> {
  let state = input.carried ?? openTicket(input.ticket, Date.now());
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

  function rejectIfRefused(event: TicketEvent): void {
    const reason = refusal(state, event);
    // ApplicationFailure rejects the update with this message instead of failing the workflow task.
    if (reason)
      throw ApplicationFailure.create({ type: 'TicketCommandRefused', message: reason, nonRetryable: true });
  }

  async function apply(event: TicketEvent, acceptedMessageIds: string[]): Promise<TicketState> {
    state = applyTicketEvent(state, event, Date.now());
    await show(acceptedMessageIds);
    return state;
  }

  setHandler(stateQuery, () => state);
  setHandler(openUpdate, async () => {
    await condition(() => visible);
    return state;
  });
  setHandler(customerRepliedSignal, async ({ messageId }) => {
    await apply({ type: 'customerReplied', messageId }, [messageId]);
  });
  setHandler(agentReplyUpdate, (reply) => apply({ type: 'agentReplied', ...reply }, [reply.messageId]), {
    validator: (reply) => rejectIfRefused({ type: 'agentReplied', ...reply }),
  });
  setHandler(closeUpdate, (command) => apply({ type: 'closed', ...command }, []), {
    validator: (command) => rejectIfRefused({ type: 'closed', ...command }),
  });

  if (!visible) {
    await show([input.ticket.firstMessageId]);
    visible = true;
  }

  // Nothing here waits on time yet; the run lives until its history asks to be renewed.
  await condition(() => workflowInfo().continueAsNewSuggested);
  await condition(allHandlersFinished);
  return continueAsNew<typeof ticketWorkflow>({ ticket: input.ticket, carried: state });
}
