import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Client } from '@temporalio/client';
import type { broadcastWorkflow } from '../../workflows/broadcast/broadcast-workflow';
import {
  automationBroadcastId,
  type BroadcastInput,
  offerBroadcastId,
  timingsBroadcastId,
} from '../../workflows/broadcast/messages';
import type { TicketTimings } from '../../workflows/domain/ticket-timings';

/** How long an automation edit waits for open tickets to be told before answering. */
const ANNOUNCE_WAIT_MS = 10_000;
/** How many queued tickets one availability change offers at most; the rest wait for the next one. */
const OFFER_LIMIT = 100;

/**
 * What many tickets must hear goes through one durable broadcast workflow; each command answers once
 * the server has recorded the broadcast's start, so no caller signals many tickets itself.
 */
export function createBroadcastCommands(client: Client, taskQueue: string) {
  function start(workflowId: string, input: Omit<BroadcastInput, 'after'>, replaceRunning = false) {
    return client.workflow.start<typeof broadcastWorkflow>('broadcastWorkflow', {
      workflowId,
      taskQueue,
      args: [{ ...input, after: 0 }],
      ...(replaceRunning ? { workflowIdConflictPolicy: 'TERMINATE_EXISTING' as const } : {}),
    });
  }

  return {
    /**
     * Tells every open ticket that policies, calendars or rules changed; returns the broadcast's
     * workflow id.
     */
    async announceAutomationChange(): Promise<string> {
      const broadcast = await start(automationBroadcastId(randomUUID()), {
        target: { kind: 'open' },
        signal: { name: 'automationChanged' },
        remaining: null,
      });
      // Usually done in moments, so the editor's next action already meets the new rules; a long one
      // goes on by itself. The result counts tickets told; a failure here is the broadcast's to retry.
      await Promise.race([
        broadcast.result().catch(() => undefined),
        sleep(ANNOUNCE_WAIT_MS, undefined, { ref: false }),
      ]);
      return broadcast.workflowId;
    },

    /**
     * Tells the department's open tickets its new timers; a newer edit replaces a broadcast still
     * running, so the last timers set are the ones every ticket keeps.
     */
    async announceTimings(departmentId: number, timings: TicketTimings): Promise<string> {
      const broadcast = await start(
        timingsBroadcastId(departmentId),
        {
          target: { kind: 'openInDepartment', departmentId },
          signal: { name: 'timingsChanged', timings },
          remaining: null,
        },
        true,
      );
      return broadcast.workflowId;
    },

    /**
     * An agent became available in `groupIds`: their queued tickets, oldest first and one at a time,
     * run their group's distribution again. Null when there is no group to offer.
     */
    async offerQueuedTickets(groupIds: number[]): Promise<string | null> {
      if (groupIds.length === 0) return null;
      const broadcast = await start(offerBroadcastId(randomUUID()), {
        target: { kind: 'queuedInGroups', groupIds },
        signal: { name: 'agentAvailable' },
        remaining: OFFER_LIMIT,
      });
      return broadcast.workflowId;
    },
  };
}

export type BroadcastCommands = ReturnType<typeof createBroadcastCommands>;
