import type { CustomFields, TicketState } from '../../../workflows/domain/ticket';
import type { ApiDeps } from '../../deps';
import { departmentTimings } from '../departments/departments';
import { withMessage } from './access';
import { organizationOf, storeMessage } from './content';
import type { Queue } from './queue';

export interface NewTicket {
  queue: Queue;
  customerId: number;
  subject: string;
  body: string;
  customFields?: CustomFields;
  /** Scoped idempotency key: a retried request gets the ticket its first attempt opened. */
  idempotencyKey?: string | undefined;
}

/**
 * Opens a ticket: takes a number, stores the first message, then starts `ticket-<n>` and waits until
 * its read model exists. A retry with the same key reuses the number, and the start joins the run.
 */
export async function openTicket(deps: ApiDeps, ticket: NewTicket): Promise<TicketState> {
  const previous = ticket.idempotencyKey
    ? await deps.knex('messages').where({ idempotencyKey: ticket.idempotencyKey }).first('ticketNumber')
    : undefined;
  const ticketNumber: number =
    previous?.ticketNumber ??
    Number((await deps.knex.raw("select nextval('ticket_numbers') as n")).rows[0].n);
  const message = await storeMessage(deps.knex, {
    ticketNumber,
    kind: 'customer',
    customerId: ticket.customerId,
    body: ticket.body,
    ...(ticket.idempotencyKey ? { idempotencyKey: ticket.idempotencyKey } : {}),
  });
  const timings = await departmentTimings(deps.knex, ticket.queue.departmentId);
  const organizationId = await organizationOf(deps.knex, ticket.customerId);
  return withMessage(deps, message.id, () =>
    deps.tickets.open({
      number: ticketNumber,
      ...ticket.queue,
      timings,
      customerId: ticket.customerId,
      organizationId,
      customFields: ticket.customFields ?? {},
      subject: ticket.subject,
      channel: 'api',
      firstMessageId: message.id,
    }),
  );
}
