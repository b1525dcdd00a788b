import type { Knex } from 'knex';

export type LinkKind = 'related' | 'follow-on' | 'merged-into';

export interface TicketLinks {
  related: number[];
  followOnOf: number[];
  followOns: number[];
  mergedInto: number | null;
}

/** Links a ticket to another; linking twice is one link. */
export async function link(
  knex: Knex,
  links: { ticketNumber: number; linkedNumber: number; kind: LinkKind }[],
): Promise<void> {
  await knex('ticketLinks').insert(links).onConflict(['ticketNumber', 'linkedNumber', 'kind']).ignore();
}

/** Related tickets (both ways), follow-ons of and by the ticket, and what it was merged into. */
export async function linksOf(knex: Knex, ticketNumber: number): Promise<TicketLinks> {
  const rows: { ticketNumber: number; linkedNumber: number; kind: LinkKind }[] = await knex('ticketLinks')
    .where({ ticketNumber })
    .orWhere({ linkedNumber: ticketNumber })
    .orderBy('createdAt');
  const outgoing = (kind: LinkKind) =>
    rows.filter((row) => row.kind === kind && row.ticketNumber === ticketNumber);
  const incoming = (kind: LinkKind) =>
    rows.filter((row) => row.kind === kind && row.linkedNumber === ticketNumber);
  return {
    related: outgoing('related').map((row) => row.linkedNumber),
    followOnOf: outgoing('follow-on').map((row) => row.linkedNumber),
    followOns: incoming('follow-on').map((row) => row.ticketNumber),
    mergedInto: outgoing('merged-into')[0]?.linkedNumber ?? null,
  };
}

/**
 * The content side of a merge, in one transaction: the messages move to the target and the source
 * links to it. A retry after a failed close finds it done.
 */
export async function mergeContent(knex: Knex, source: number, target: number): Promise<void> {
  await knex.transaction(async (trx) => {
    await trx('messages').where({ ticketNumber: source }).update({ ticketNumber: target });
    await link(trx, [{ ticketNumber: source, linkedNumber: target, kind: 'merged-into' }]);
  });
}
