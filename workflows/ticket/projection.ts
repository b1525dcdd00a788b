import { patched, upsertSearchAttributes } from '@temporalio/workflow';
import type { TicketChange } from '../../activities/ticket-read-model';
import type { RuleCause } from '../domain/automation-rule';
import { hasUnstorableText, storableCopy } from '../domain/bad-data';
import type { SlaReport } from '../domain/sla-clock';
import type { TicketState } from '../domain/ticket';
import type { TicketEvent } from '../domain/ticket-events';
import { projectTicket, recordEffect } from './activities';
import { badDataOf, safeCopyNote } from './bad-data';
import { ticketGroupSearchAttribute, ticketStatusSearchAttribute } from './messages';

/** What the projection reads from and, on bad data, writes to the ticket workflow. */
export interface ProjectedTicket {
  state(): TicketState;
  /** Replaces the workflow's state; the workflow stays its only writer. */
  replaceState(state: TicketState): void;
  slaReport(): SlaReport;
  /** False for runs recorded before SLA policies and rules, which projected without a change log. */
  automated: boolean;
}

/** The person behind an event, for the ticket's change log. */
function staffOf(event: TicketEvent): number | null {
  if (event.type === 'transferred') return event.byAgentId;
  return 'agentId' in event && event.type !== 'assigned' ? event.agentId : null;
}

/**
 * Writes the ticket's state to the read model first, so the caller and anyone told next can read it;
 * answers the state it stored.
 */
export function ticketProjection(ticket: ProjectedTicket) {
  const write = (snapshot: TicketState, acceptedMessageIds: string[], change: TicketChange) =>
    ticket.automated
      ? projectTicket(snapshot, acceptedMessageIds, ticket.slaReport(), change)
      : projectTicket(snapshot, acceptedMessageIds);

  /**
   * Text the database cannot hold (a channel let a NUL through) would fail every projection and leave the
   * ticket unseen, so the ticket is stored as a safe copy, the characters replaced, rather than not at
   * all: people can then see it, answer it and fix it. The workflow keeps the safe copy too, so no later
   * step meets the bad text again; the next version records the problem and the department's managers
   * are told. Data bad in another way (nothing to replace) still fails, but once: the failure is
   * non-retryable.
   */
  async function storeSafeCopy(
    snapshot: TicketState,
    acceptedMessageIds: string[],
    change: TicketChange,
    note: string,
  ): Promise<TicketState> {
    ticket.replaceState(storableCopy(ticket.state()));
    await write(storableCopy(snapshot), acceptedMessageIds, change);
    const current = ticket.state();
    const problem: TicketState = { ...current, version: current.version + 1, updatedAt: Date.now() };
    ticket.replaceState(problem);
    await Promise.all([
      write(problem, [], { event: 'problem', staffId: null, cause: null, note }),
      recordEffect(
        {
          type: 'notify',
          kind: 'problem',
          ticketNumber: problem.number,
          groupId: problem.groupId,
          staffId: null,
          note,
          managersOf: problem.departmentId,
        },
        `ticket-${problem.number}/v${problem.version}`,
      ),
    ]);
    return problem;
  }

  return async function project(
    acceptedMessageIds: string[],
    event: TicketEvent | null,
    cause: RuleCause | null,
  ): Promise<TicketState> {
    const snapshot = ticket.state();
    upsertSearchAttributes([
      { key: ticketStatusSearchAttribute, value: snapshot.status },
      { key: ticketGroupSearchAttribute, value: snapshot.groupId },
    ]);
    const change: TicketChange = event
      ? { event: event.type, staffId: staffOf(event), cause }
      : { event: 'opened', staffId: null, cause };
    try {
      await write(snapshot, acceptedMessageIds, change);
      return snapshot;
    } catch (error) {
      const failure = badDataOf(error);
      // Histories recorded before this never saw a projection fail: retries went on for ever.
      if (!failure || !hasUnstorableText(snapshot) || !patched('bad-data-stored-safely')) throw error;
      return storeSafeCopy(snapshot, acceptedMessageIds, change, safeCopyNote(failure));
    }
  };
}
