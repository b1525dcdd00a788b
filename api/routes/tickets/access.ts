import type { Context } from 'koa';
import type { StaffRole } from '../../../db/models/staff';
import { Ticket } from '../../../db/models/ticket';
import type { ApiDeps } from '../../deps';
import { notFound } from '../../errors';
import type { Viewer } from '../../sessions';
import { discardMessage } from './content';

export const readers: StaffRole[] = ['admin', 'manager', 'agent', 'auditor'];
export const workers: StaffRole[] = ['admin', 'manager', 'agent'];

/** Agents see the tickets of their groups, managers those of their departments; admins and auditors all. */
export function visibleTo(viewer: Viewer) {
  const query = Ticket.query();
  if (viewer.role === 'agent') return query.whereIn('groupId', viewer.groupIds);
  if (viewer.role === 'manager') return query.whereIn('departmentId', viewer.departmentIds);
  return query;
}

export async function findVisible(viewer: Viewer, ticketNumber: number): Promise<Ticket> {
  const ticket = await visibleTo(viewer).findById(ticketNumber);
  if (!ticket) throw notFound(`Ticket ${ticketNumber} does not exist or is not yours to see.`);
  return ticket;
}

/** The client's Idempotency-Key header, scoped to the command so keys never collide across commands. */
export function idempotencyKey(ctx: Context, scope: string): string | undefined {
  const key = ctx.get('idempotency-key');
  return key ? `${scope}:${key}` : undefined;
}

/** Runs a workflow command for a stored message; a refusal discards the message before answering. */
export async function withMessage<T>(
  deps: ApiDeps,
  messageId: string,
  command: () => Promise<T>,
): Promise<T> {
  try {
    return await command();
  } catch (error) {
    await discardMessage(deps.knex, messageId);
    throw error;
  }
}
