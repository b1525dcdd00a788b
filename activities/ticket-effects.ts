import type { Knex } from 'knex';
import { type NoticeView, rooms } from '../workflows/domain/realtime-events';
import type { TicketEffect } from '../workflows/domain/ticket-effects';
import type { RealtimeDeps } from './realtime';

export interface TicketEffectDeps extends RealtimeDeps {
  knex: Knex;
}

export function createTicketEffectActivities({ knex, emitter }: TicketEffectDeps) {
  return {
    /**
     * Records what an event asked for, once per `key` whatever the retries: a notice to staff (kept
     * and pushed to the agent or the group) or a mail to the customer (queued in the outbox until the
     * mail channel sends it).
     */
    async recordEffect(effect: TicketEffect, key: string): Promise<void> {
      if (effect.type === 'mailCustomer') {
        await knex('mailOutbox')
          .insert({
            template: effect.template,
            ticketNumber: effect.ticketNumber,
            customerId: effect.customerId,
            idempotencyKey: `${key}/${effect.template}`,
          })
          .onConflict('idempotencyKey')
          .ignore();
        return;
      }
      const [notice] = await knex('notices')
        .insert({
          kind: effect.kind,
          ticketNumber: effect.ticketNumber,
          groupId: effect.groupId,
          staffId: effect.staffId,
          note: effect.note,
          idempotencyKey: `${key}/${effect.kind}`,
        })
        .onConflict('idempotencyKey')
        .merge(['kind'])
        .returning(['id', 'kind', 'ticketNumber', 'groupId', 'staffId', 'note', 'createdAt']);
      const view: NoticeView = {
        ...notice,
        id: Number(notice.id),
        createdAt: new Date(notice.createdAt).toISOString(),
      };
      const room = effect.staffId === null ? rooms.group(effect.groupId) : rooms.agent(effect.staffId);
      emitter.to(room).emit('notice.created', view);
    },
  };
}
