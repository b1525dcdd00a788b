/**
 * A careless edit of the ticket workflow, for the replay test: it waits on a new timer before doing
 * what the saved histories recorded, without `patched()`. Replay must reject it.
 */
import { sleep } from '@temporalio/workflow';
import type { TicketWorkflowInput } from '../../workflows/ticket/messages';
import { ticketWorkflow as current } from '../../workflows/ticket/ticket-workflow';

export async function ticketWorkflow(input: TicketWorkflowInput) {
  await sleep('1 second');
  return current(input);
}
