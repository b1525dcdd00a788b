import type { Knex } from 'knex';
import { type NoticeView, rooms } from '../workflows/domain/realtime-events';
import { emailsNotice, type TicketEffect } from '../workflows/domain/ticket-effects';
import type { RealtimeDeps } from './realtime';

export interface TicketEffectDeps extends RealtimeDeps {
  knex: Knex;
}

type Notify = Extract<TicketEffect, { type: 'notify' }>;

export function createTicketEffectActivities({ knex, emitter }: TicketEffectDeps) {
  /** The staff a notice goes to by email: the agent, the group's members or the department's managers. */
  async function recipients(effect: Notify): Promise<number[]> {
    if (effect.managersOf !== undefined) {
      const rows = await knex('departmentManagers')
        .where({ departmentId: effect.managersOf })
        .select('staffId');
      return rows.map((row) => row.staffId);
    }
    if (effect.staffId !== null) return [effect.staffId];
    const rows = await knex('groupMembers').where({ groupId: effect.groupId }).select('staffId');
    return rows.map((row) => row.staffId);
  }

  /** Keeps one notice per key and pushes it to the room of whoever it is for. */
  async function notice(effect: Notify, staffId: number | null, key: string, room: string): Promise<void> {
    const [row] = await knex('notices')
      .insert({
        kind: effect.kind,
        ticketNumber: effect.ticketNumber,
        groupId: effect.groupId,
        staffId,
        note: effect.note,
        ruleId: effect.cause?.ruleId ?? null,
        ruleVersion: effect.cause?.ruleVersion ?? null,
        idempotencyKey: key,
      })
      .onConflict('idempotencyKey')
      .merge(['kind'])
      .returning(['id', 'kind', 'ticketNumber', 'groupId', 'staffId', 'note', 'createdAt']);
    const view: NoticeView = { ...row, id: Number(row.id), createdAt: new Date(row.createdAt).toISOString() };
    emitter.to(room).emit('notice.created', view);
  }

  return {
    /**
     * Records what an event asked for, once per `key` whatever the retries: a notice to staff (kept
     * and pushed to the agent, the group or each manager, and queued as email when asked) or a mail to
     * the customer (queued in the outbox until the mail channel sends it).
     */
    async recordEffect(effect: TicketEffect, key: string): Promise<void> {
      if (effect.type === 'mailCustomer') {
        await knex('mailOutbox')
          .insert({
            template: effect.template,
            ticketNumber: effect.ticketNumber,
            customerId: effect.customerId,
            subject: effect.subject ?? null,
            body: effect.body ?? null,
            idempotencyKey: `${key}/${effect.template}`,
          })
          .onConflict('idempotencyKey')
          .ignore();
        return;
      }
      const noticeKey = `${key}/${effect.kind}`;
      if (effect.managersOf !== undefined) {
        for (const managerId of await recipients(effect))
          await notice(effect, managerId, `${noticeKey}/manager-${managerId}`, rooms.agent(managerId));
      } else {
        const room = effect.staffId === null ? rooms.group(effect.groupId) : rooms.agent(effect.staffId);
        await notice(effect, effect.staffId, noticeKey, room);
      }
      // Email goes to whoever's notification profile asks for this kind, or allows it when the rule asks.
      const people = await knex('staff')
        .whereIn('id', await recipients(effect))
        .select('id', 'notificationProfile');
      for (const person of people) {
        if (!emailsNotice(person.notificationProfile, effect.kind, effect.email === true)) continue;
        await knex('mailOutbox')
          .insert({
            template: 'staff-notice',
            ticketNumber: effect.ticketNumber,
            staffId: person.id,
            subject: `Ticket ${effect.ticketNumber}: ${effect.kind}`,
            body: effect.note,
            idempotencyKey: `${noticeKey}/mail-${person.id}`,
          })
          .onConflict('idempotencyKey')
          .ignore();
      }
    },
  };
}
