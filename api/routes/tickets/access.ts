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

/** The Idempotency-Key header, scoped to the command and its sender so keys never collide across either. */
export function idempotencyKey(ctx: Context, scope: string): string | undefined {
  const key = ctx.get('idempotency-key');
  if (!key) return undefined;
  // Keys are the sender's own: another person who picks the same key is a different request.
  const viewer: Viewer | undefined = ctx.state.viewer;
  return `${scope}:${viewer ? `staff-${viewer.id}:` : ''}${key}`;
}
