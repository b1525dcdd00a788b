import { type Client, WithStartWorkflowOperation } from '@temporalio/client';
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
import { createBroadcastCommands } from './broadcast';

/** The ticket commands the API sends; one function per path of a command into the ticket workflow. */
export function createTicketCommands(client: Client, taskQueue: string) {
  const handle = (ticketNumber: number) =>
    client.workflow.getHandle<typeof ticketWorkflow>(ticketWorkflowId(ticketNumber));

  return {
    /** Starts `ticket-<n>` and answers once its read-model row exists; a repeat returns the same ticket. */
    async open(ticket: OpenTicket): Promise<TicketState> {
      const input: TicketWorkflowInput = { ticket };
      const start = new WithStartWorkflowOperation<typeof ticketWorkflow>('ticketWorkflow', {
        workflowId: ticketWorkflowId(ticket.number),
        taskQueue,
        args: [input],
        workflowIdConflictPolicy: 'USE_EXISTING',
      });
      return client.workflow.executeUpdateWithStart(openUpdate, { startWorkflowOperation: start });
    },

    /** A customer message; the sender does not wait for the workflow. */
    async customerReplied(ticketNumber: number, reply: CustomerReply): Promise<void> {
      await handle(ticketNumber).signal(customerRepliedSignal, reply);
    },

    /** `updateId` is the request's idempotency key: Temporal runs an update id once per run. */
    agentReply(ticketNumber: number, reply: AgentReply, updateId?: string): Promise<TicketState> {
      return handle(ticketNumber).executeUpdate(agentReplyUpdate, {
        args: [reply],
        ...(updateId ? { updateId } : {}),
      });
    },

    close(ticketNumber: number, command: CloseTicket, updateId?: string): Promise<TicketState> {
      return handle(ticketNumber).executeUpdate(closeUpdate, {
        args: [command],
        ...(updateId ? { updateId } : {}),
      });
    },

    /** Every other agent command: comments, status changes, priority, pin, follow-ups. */
    command(ticketNumber: number, command: TicketCommand, updateId?: string): Promise<TicketState> {
      return handle(ticketNumber).executeUpdate(commandUpdate, {
        args: [command],
        ...(updateId ? { updateId } : {}),
      });
    },

    /** Durable fan-outs to many tickets: automation edits, department timers, agents becoming available. */
    ...createBroadcastCommands(client, taskQueue),
  };
}

export type TicketCommands = ReturnType<typeof createTicketCommands>;
