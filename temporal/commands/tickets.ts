import { type Client, WithStartWorkflowOperation, WorkflowUpdateStage } from '@temporalio/client';
import type { UpdateDefinition } from '@temporalio/common';
import type { OpenTicket, TicketState } from '../../workflows/domain/ticket';
import {
  type AgentReply,
  agentReplyUpdate,
  type CloseTicket,
  type CustomerReply,
  closeUpdate,
  commandUpdate,
  customerRepliedSignal,
  openUpdate,
  type TicketCommand,
  type TicketWorkflowInput,
  ticketWorkflowId,
} from '../../workflows/ticket/messages';
import type { ticketWorkflow } from '../../workflows/ticket/ticket-workflow';
import { type AnswerTiming, answerInTime } from './answer-in-time';
import { createBroadcastCommands } from './broadcast';

/**
 * The ticket commands the API sends; one function per path of a command into the ticket workflow. Opening
 * and agent commands answer within `timing.answerTimeoutMs`: late, they throw StillProcessing (durably
 * taken, answer 202) or NotReceived (not taken yet, answer 503); see answer-in-time.ts.
 */
export function createTicketCommands(client: Client, taskQueue: string, timing: AnswerTiming = {}) {
  const handle = (ticketNumber: number) =>
    client.workflow.getHandle<typeof ticketWorkflow>(ticketWorkflowId(ticketNumber));
  const inTime = answerInTime(client, timing);
  /** An agent command: accepted into history first, then answered; `updateId` makes a retry run it once. */
  const update = <Args extends [unknown]>(
    ticketNumber: number,
    definition: UpdateDefinition<TicketState, Args>,
    args: Args,
    updateId: string | undefined,
  ) =>
    inTime.update(ticketNumber, () =>
      handle(ticketNumber).startUpdate(definition, {
        args,
        waitForStage: WorkflowUpdateStage.ACCEPTED,
        ...(updateId ? { updateId } : {}),
      }),
    );

  return {
    /** Starts `ticket-<n>` and answers once its read-model row exists; a repeat returns the same ticket. */
    async open(ticket: OpenTicket): Promise<TicketState> {
      const input: TicketWorkflowInput = { ticket };
      const start = new WithStartWorkflowOperation<typeof ticketWorkflow>('ticketWorkflow', {
        workflowId: ticketWorkflowId(ticket.number),
        taskQueue,
        args: [input],
        workflowIdConflictPolicy: 'USE_EXISTING',
        // A task that a killed worker had started is retried after this (default 10 s), so a timer that
        // fired just before the kill acts within seconds of the restart; a ticket's task takes milliseconds.
        workflowTaskTimeout: '5s',
      });
      return inTime.open(
        ticket.number,
        () => client.workflow.executeUpdateWithStart(openUpdate, { startWorkflowOperation: start }),
        // The start is durable once the server has it, whether or not a worker has run it yet.
        () => handle(ticket.number).describe(),
      );
    },

    /** A customer message; the sender does not wait for the workflow. */
    async customerReplied(ticketNumber: number, reply: CustomerReply): Promise<void> {
      await inTime.signal(ticketNumber, () => handle(ticketNumber).signal(customerRepliedSignal, reply));
    },

    /** `updateId` is the request's idempotency key: Temporal runs an update id once per run. */
    agentReply(ticketNumber: number, reply: AgentReply, updateId?: string): Promise<TicketState> {
      return update(ticketNumber, agentReplyUpdate, [reply], updateId);
    },

    close(ticketNumber: number, command: CloseTicket, updateId?: string): Promise<TicketState> {
      return update(ticketNumber, closeUpdate, [command], updateId);
    },

    /** Every other agent command: comments, status changes, priority, pin, follow-ups. */
    command(ticketNumber: number, command: TicketCommand, updateId?: string): Promise<TicketState> {
      return update(ticketNumber, commandUpdate, [command], updateId);
    },

    /** Durable fan-outs to many tickets: automation edits, department timers, agents becoming available. */
    ...createBroadcastCommands(client, taskQueue),
  };
}

export type TicketCommands = ReturnType<typeof createTicketCommands>;
