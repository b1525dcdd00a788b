import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { type Client, WithStartWorkflowOperation } from '@temporalio/client';
import type { automationBroadcastWorkflow } from '../../workflows/broadcast/broadcast-workflow';
import { automationBroadcastId } from '../../workflows/broadcast/messages';
import type { OpenTicket, TicketState } from '../../workflows/domain/ticket';
import type { TicketTimings } from '../../workflows/domain/ticket-timings';
import {
  type AgentReply,
  agentAvailableSignal,
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
  timingsChangedSignal,
} from '../../workflows/ticket/messages';
import type { ticketWorkflow } from '../../workflows/ticket/ticket-workflow';

/** How long an edit waits for open tickets to be told before answering. */
const ANNOUNCE_WAIT_MS = 10_000;

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

    /** An agent of the ticket's group became available: a queued ticket tries distribution again. */
    async agentAvailable(ticketNumber: number): Promise<void> {
      await handle(ticketNumber).signal(agentAvailableSignal);
    },

    /** A department's timers changed: the ticket re-arms its own. */
    /**
     * Starts the durable broadcast that tells every open ticket of a change to policies, calendars or
     * rules; returns its workflow id once the server has recorded the start.
     */
    async announceAutomationChange(): Promise<string> {
      const workflowId = automationBroadcastId(randomUUID());
      const broadcast = await client.workflow.start<typeof automationBroadcastWorkflow>(
        'automationBroadcastWorkflow',
        { workflowId, taskQueue, args: [{ after: 0 }] },
      );
      // Usually done in moments, so the editor's next action already meets the new rules; a long one
      // goes on by itself. The result counts tickets told; a failure here is the broadcast's to retry.
      await Promise.race([
        broadcast.result().catch(() => undefined),
        sleep(ANNOUNCE_WAIT_MS, undefined, { ref: false }),
      ]);
      return workflowId;
    },
    async timingsChanged(ticketNumber: number, timings: TicketTimings): Promise<void> {
      await handle(ticketNumber).signal(timingsChangedSignal, timings);
    },
  };
}

export type TicketCommands = ReturnType<typeof createTicketCommands>;
