import type { Knex } from 'knex';
import { findOrCreateCustomer, organizationOf } from '../../db/customers';
import type { Queue } from '../../db/departments';
import { departmentTimings } from '../../db/departments';
import { storeMessage } from '../../db/messages';
import { ticketNumberFor } from '../../db/ticket-numbers';
import type { CustomFields, TicketChannel, TicketState } from '../../workflows/domain/ticket';
import { withStoredMessage } from './refusal';
import type { TicketCommands } from './tickets';

/** What opening a ticket needs from the world; routes and activities pass their own. */
export interface OpenTicketDeps {
  knex: Knex;
  tickets: Pick<TicketCommands, 'open'>;
}

/** A known customer, or an email address to find or create one by. */
export type TicketCustomer = { id: number } | { email: string; name?: string | undefined };

export interface NewTicket {
  /** Where it goes; who may open tickets there is the caller's to decide. */
  queue: Queue;
  customer: TicketCustomer;
  subject: string;
  /** The first message, the customer's. */
  body: string;
  customFields?: CustomFields | undefined;
  /** Where the ticket came from: the API, an agent, and in time email, the portal or chat. */
  channel: TicketChannel;
  /** Scoped by the caller: a retry with the same key gets the ticket its first attempt opened. */
  idempotencyKey?: string | undefined;
}

/**
 * The one path by which every channel opens a ticket: finds or creates the customer, takes a number,
 * stores the first message, reads the department's timers and the customer's organization, then
 * starts `ticket-<n>` with update-with-start and answers once its read model exists. A retry with the
 * same key reuses the number and message, and the start joins the run. If the workflow refuses, the
 * first message is discarded.
 */
export async function openTicket(deps: OpenTicketDeps, ticket: NewTicket): Promise<TicketState> {
  const customerId =
    'id' in ticket.customer
      ? ticket.customer.id
      : await findOrCreateCustomer(deps.knex, ticket.customer.email, ticket.customer.name);
  const candidate = await ticketNumberFor(deps.knex, ticket.idempotencyKey);
  const message = await storeMessage(deps.knex, {
    ticketNumber: candidate,
    kind: 'customer',
    customerId,
    body: ticket.body,
    ...(ticket.idempotencyKey ? { idempotencyKey: ticket.idempotencyKey } : {}),
  });
  // Attempts with one key that overlap may each take a number; the one whose message was stored wins.
  const number = message.ticketNumber;
  const [timings, organizationId] = await Promise.all([
    departmentTimings(deps.knex, ticket.queue.departmentId),
    organizationOf(deps.knex, customerId),
  ]);
  return withStoredMessage(deps.knex, message.id, () =>
    deps.tickets.open({
      number,
      ...ticket.queue,
      timings,
      customerId,
      organizationId,
      customFields: ticket.customFields ?? {},
      subject: ticket.subject,
      channel: ticket.channel,
      firstMessageId: message.id,
    }),
  );
}
