import type { Ticket } from '../../../db/models/ticket';
import type { ApiDeps } from '../../deps';
import { openTicket } from './open-ticket';

/**
 * A customer writing to a Closed and Locked ticket gets a new ticket in the same queue, linked to the
 * old one, instead of reopening it.
 */
export async function openFollowOn(
  deps: ApiDeps,
  locked: Ticket,
  body: string,
  idempotencyKey: string | undefined,
) {
  const state = await openTicket(deps, {
    queue: { brandId: locked.brandId, departmentId: locked.departmentId, groupId: locked.groupId },
    customerId: locked.customerId,
    subject: locked.subject,
    body,
    idempotencyKey,
  });
  await deps
    .knex('ticketLinks')
    .insert({ ticketNumber: state.number, linkedNumber: locked.number, kind: 'follow-on' })
    .onConflict(['ticketNumber', 'linkedNumber', 'kind'])
    .ignore();
  const [message] = await deps.knex('messages').where({ ticketNumber: state.number }).select('id');
  return { messageId: message.id as string, ticketNumber: state.number };
}
