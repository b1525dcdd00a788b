import { firstMessageId } from '../../db/messages';
import { link } from '../../db/ticket-links';
import type { TicketChannel } from '../../workflows/domain/ticket';
import { type OpenTicketDeps, openTicket } from './open-ticket';

/** The ticket a customer wrote to after it was Closed and Locked. */
export interface LockedTicket {
  number: number;
  brandId: number;
  departmentId: number;
  groupId: number;
  customerId: number;
  subject: string;
}

/**
 * A customer writing to a Closed and Locked ticket gets a new ticket in the same queue, linked to the
 * old one as its follow-on, instead of reopening it. Any channel: the API, and in time email or the portal.
 */
export async function openFollowOn(
  deps: OpenTicketDeps,
  locked: LockedTicket,
  message: { body: string; channel: TicketChannel; idempotencyKey?: string | undefined },
): Promise<{ messageId: string; ticketNumber: number }> {
  const state = await openTicket(deps, {
    queue: { brandId: locked.brandId, departmentId: locked.departmentId, groupId: locked.groupId },
    customer: { id: locked.customerId },
    subject: locked.subject,
    body: message.body,
    channel: message.channel,
    idempotencyKey: message.idempotencyKey,
  });
  await link(deps.knex, [{ ticketNumber: state.number, linkedNumber: locked.number, kind: 'follow-on' }]);
  return { messageId: await firstMessageId(deps.knex, state.number), ticketNumber: state.number };
}
