import type { Context } from 'koa';
import type { StaffRole } from '../../../db/models/staff';
import type { Ticket } from '../../../db/models/ticket';
import { visibleTo } from '../../../db/visible-tickets';
import { notFound } from '../../errors';
import type { Viewer } from '../../sessions';

export const readers: StaffRole[] = ['admin', 'manager', 'agent', 'auditor'];
export const workers: StaffRole[] = ['admin', 'manager', 'agent'];

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
