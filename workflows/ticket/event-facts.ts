import type { EventTrigger } from '../domain/automation-rule';
import type { SlaVerdict } from '../domain/sla-clock';
import { isDormant, type TicketState } from '../domain/ticket';
import type { TicketEvent } from '../domain/ticket-events';
import type { TicketCommand } from './messages';

/** What the ticket workflow reads off its events and commands: pure, so it lives apart from the workflow. */

/** The stored messages a command brings into the ticket. */
export function acceptedMessages(command: TicketCommand): string[] {
  if (command.type === 'commentAdded') return [command.messageId];
  if (command.type === 'transferred' && command.commentMessageId) return [command.commentMessageId];
  return [];
}

/** The message behind an event, whose text body conditions read. */
export function messageOf(event: TicketEvent): string | null {
  return event.type === 'customerReplied' || event.type === 'agentReplied' || event.type === 'commentAdded'
    ? event.messageId
    : null;
}

/** The rule triggers SLA verdicts fire. */
export const slaTriggers: Partial<Record<SlaVerdict['kind'], EventTrigger>> = {
  warned: 'slaWarning',
  breached: 'slaBreached',
};

/** Priority, department, group or custom field changes re-select the policy (closed tickets keep theirs until reopened). */
export function reselectsPolicy(before: TicketState, after: TicketState): boolean {
  const reopened = isDormant(before.status) && !isDormant(after.status);
  return (
    reopened ||
    before.customFields !== after.customFields ||
    before.priority !== after.priority ||
    before.departmentId !== after.departmentId ||
    before.groupId !== after.groupId
  );
}
