import { createTicket } from './api-client';
import { type BoundedRun, runBounded } from './bounded';
import type { BenchStack } from './stack';
import type { emptyWorkflow } from './workflows';

/** No single call may hang a phase; a healthy stack answers in well under a second. */
const CALL_TIMEOUT_MS = 30_000;

/** How hard and how long every phase may push: the same for tickets and bare starts. */
export interface Load {
  concurrency: number;
  timeoutMs: number;
  /** Aborted on Ctrl-C or when the worker dies, so a phase ends instead of waiting out its timeout. */
  signal: AbortSignal;
}

/** One call's bound: its own timeout, or the end of the whole run, whichever comes first. */
function callSignal(load: Load): AbortSignal {
  return AbortSignal.any([AbortSignal.timeout(CALL_TIMEOUT_MS), load.signal]);
}

/**
 * POST /api/tickets, `count` times: each answer arrives once workflow ticket-<n> has started and its
 * first activities have written and published the ticket.
 */
export function createTickets(
  stack: BenchStack,
  token: string,
  load: Load,
  count: number,
  label: string,
): Promise<BoundedRun> {
  return runBounded({
    ...load,
    count,
    call: (index) =>
      createTicket(stack.apiUrl, token, stack.departmentId, `${label}-${index}`, callSignal(load)),
  });
}

export interface StartRun extends BoundedRun {
  workflowIds: string[];
}

/**
 * client.workflow.start of the empty workflow, `count` times: the timing covers the start RPC only
 * (the server has recorded the start), not the run, which the worker does afterwards.
 */
export async function startEmptyWorkflows(
  stack: BenchStack,
  load: Load,
  count: number,
  label: string,
): Promise<StartRun> {
  const workflowIds = Array.from(
    { length: count },
    (_, index) => `${stack.taskQueue}-empty-${label}-${index}`,
  );
  const run = await runBounded({
    ...load,
    count,
    call: async (index) => {
      await stack.client.withAbortSignal(callSignal(load), () =>
        stack.client.workflow.start<typeof emptyWorkflow>('emptyWorkflow', {
          workflowId: workflowIds[index]!,
          taskQueue: stack.taskQueue,
        }),
      );
    },
  });
  return { ...run, workflowIds };
}

/** Untimed check that the started workflows really ran, so the starts measured were not for nothing. */
export async function awaitCompletion(stack: BenchStack, load: Load, workflowIds: string[]): Promise<void> {
  await runBounded({
    ...load,
    count: workflowIds.length,
    call: (index) =>
      stack.client.withAbortSignal(callSignal(load), () =>
        stack.client.workflow.getHandle(workflowIds[index]!).result(),
      ),
  });
}
