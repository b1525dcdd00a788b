import type { Knex } from 'knex';

/** One entry of a ticket's change log, as the read model keeps it. */
export interface TicketChangeRow {
  version: number;
  event: string;
  at: Date;
  staffId: number | null;
  ruleId: number | null;
  ruleVersion: number | null;
  ruleName: string | null;
  ruleTrigger: string | null;
  note: string | null;
}

/** A ticket's change log, version by version (written by the workflow's projection). */
export function ticketChanges(knex: Knex, ticketNumber: number): Promise<TicketChangeRow[]> {
  return knex('ticketChanges')
    .where({ ticketNumber })
    .orderBy('version')
    .select('version', 'event', 'at', 'staffId', 'ruleId', 'ruleVersion', 'ruleName', 'ruleTrigger', 'note');
}
