/**
 * The ticket list's queries: queues, search filters and sort order over the `tickets` read model.
 * The list and the counts share these functions, so a queue's count is always its list's total.
 */
import type { QueryBuilder } from 'objection';
import type { Priority, TicketStatus } from '../workflows/domain/ticket';
import { Customer } from './models/customer';
import { Ticket } from './models/ticket';
import { DORMANT_STATUSES } from './open-tickets';
import { type TicketReader, visibleTo } from './visible-tickets';

export const TICKET_QUEUES = [
  'mine',
  'group',
  'waiting',
  'follow-ups',
  'closed',
  'unassigned',
  'all',
] as const;
export type QueueName = (typeof TICKET_QUEUES)[number];

export const TICKET_SORTS = [
  'updatedAt',
  'createdAt',
  'number',
  'priority',
  'followUpAt',
  'idleWarningAt',
  'slaDueAt',
] as const;
export type SortColumn = (typeof TICKET_SORTS)[number];

/**
 * The words of a web-search query a match must contain at least one of: not excluded (`-word`), not
 * the `or` operator, without quotes.
 */
export const wordsToFind = (q: string) =>
  q
    .split(/\s+/)
    .filter((word) => !word.startsWith('-'))
    .map((word) => word.replaceAll('"', ''))
    .filter((word) => word !== '' && word.toLowerCase() !== 'or');

/** A search as the API validated it: every filter optional, instants as ISO 8601 strings. */
export interface TicketSearch {
  queue: QueueName;
  status?: TicketStatus | undefined;
  page: number;
  pageSize: number;
  number?: number | undefined;
  q?: string | undefined;
  customer?: string | undefined;
  agentId?: number | undefined;
  departmentId?: number | undefined;
  groupId?: number | undefined;
  priority?: Priority | undefined;
  createdFrom?: string | undefined;
  createdTo?: string | undefined;
  updatedFrom?: string | undefined;
  updatedTo?: string | undefined;
  sort: SortColumn;
  order: 'asc' | 'desc';
}

export interface TicketCounts {
  mine: number;
  unassigned: number;
  waiting: number;
  followUps: number;
  closed: number;
  all: number;
  groups: { groupId: number; count: number }[];
}

type Tickets = QueryBuilder<Ticket>;

const DORMANT = DORMANT_STATUSES;
const REMOVED: TicketStatus[] = ['deleted', 'spam'];
const CLOSED: TicketStatus[] = ['closed', 'closed-locked'];

/*
 * Full-text search reads a ticket's subject and accepted messages as one document, so "kettle noise"
 * finds a ticket with "kettle" in its subject and "noise" in a reply. The expressions and the
 * 'english' configuration below must stay exactly as in the indexes of migration
 * 20261122000500_ticket_search, or every search reads every row.
 */

/** Numbers of the tickets whose subject or one accepted message matches `?` (bound twice): index scans only. */
const IN_ONE_TEXT = `select number from tickets
   where to_tsvector('english', subject) @@ websearch_to_tsquery('english', ?)
  union
  select ticket_number from messages
   where accepted and to_tsvector('english', body) @@ websearch_to_tsquery('english', ?)`;

/**
 * The tickets with any of the words somewhere (found by the indexes), then only those read whole and
 * matched against the full query. Materialized so the planner never reads every ticket whole.
 */
const WHOLE_TICKET_MATCH = `tickets.number in (
  with candidates as materialized (${IN_ONE_TEXT})
  select candidates.number from candidates
   where to_tsvector('english', (select subject from tickets where number = candidates.number))
      || to_tsvector('english', coalesce((
           select string_agg(body, ' ' order by created_at, id) from messages
            where ticket_number = candidates.number and accepted), ''))
      @@ websearch_to_tsquery('english', ?)
)`;

/** The queue's own condition; `group` has none beyond the groupId filter, which the schema requires. */
function inQueue(builder: Tickets, queue: QueueName, viewer: TicketReader): void {
  switch (queue) {
    case 'mine':
      // My work: what I own and have not finished.
      builder.where('agentId', viewer.id).whereNotIn('status', DORMANT);
      break;
    case 'unassigned':
      builder.whereNull('agentId').whereNotIn('status', DORMANT);
      break;
    case 'waiting':
      builder.where('status', 'waiting');
      break;
    case 'follow-ups':
      builder.where('status', 'follow-up');
      break;
    case 'closed':
      builder.whereIn('status', CLOSED);
      break;
    case 'group':
    case 'all':
      break;
  }
}

/** Deleted and spam tickets stay out of every queue unless the caller asks for that status by name. */
function withStatus(builder: Tickets, status: TicketStatus | undefined): void {
  if (status) builder.where('status', status);
  else builder.whereNotIn('status', REMOVED);
}

/**
 * Plain words (the usual search) need each word somewhere in the ticket, which the indexes answer
 * alone. Phrases, exclusions and "or" need the whole ticket, read only for the tickets with any word.
 */
function matchingText(builder: Tickets, q: string): void {
  const words = wordsToFind(q);
  const plain = !q.includes('"') && words.length === q.trim().split(/\s+/).length;
  if (plain) {
    for (const word of words) builder.whereRaw(`tickets.number in (${IN_ONE_TEXT})`, [word, word]);
  } else {
    const anyWord = words.join(' or ');
    builder.whereRaw(WHOLE_TICKET_MATCH, [anyWord, anyWord, q]);
  }
}

/** `%` and `_` typed by the user are literal characters, not wildcards. */
const containing = (value: string) => `%${value.replace(/[\\%_]/g, '\\$&')}%`;

function ofCustomer(builder: Tickets, customer: string): void {
  const pattern = containing(customer);
  builder.whereIn(
    'customerId',
    Customer.query()
      .select('id')
      .where((match) => match.where('email', 'ilike', pattern).orWhere('name', 'ilike', pattern)),
  );
}

/** Both ends of a range are inclusive. */
function within(builder: Tickets, column: 'createdAt' | 'updatedAt', from?: string, to?: string): void {
  if (from) builder.where(column, '>=', new Date(from));
  if (to) builder.where(column, '<=', new Date(to));
}

/** Every filter of the search, each one only when given. */
function matching(builder: Tickets, search: TicketSearch, viewer: TicketReader): void {
  inQueue(builder, search.queue, viewer);
  withStatus(builder, search.status);
  if (search.number !== undefined) builder.where('number', search.number);
  if (search.q) matchingText(builder, search.q);
  if (search.customer) ofCustomer(builder, search.customer);
  if (search.agentId !== undefined) builder.where('agentId', search.agentId);
  if (search.departmentId !== undefined) builder.where('departmentId', search.departmentId);
  if (search.groupId !== undefined) builder.where('groupId', search.groupId);
  if (search.priority) builder.where('priority', search.priority);
  within(builder, 'createdAt', search.createdFrom, search.createdTo);
  within(builder, 'updatedAt', search.updatedFrom, search.updatedTo);
}

/** Columns that may be null; NULLS LAST only on these, since on the others it would defeat the indexes. */
const NULLABLE: readonly SortColumn[] = ['followUpAt', 'idleWarningAt', 'slaDueAt'];

/** Pinned tickets first whatever the sort; the number breaks ties so pages never overlap. */
function sorted(builder: Tickets, sort: SortColumn, order: 'asc' | 'desc'): void {
  builder.orderBy([
    { column: 'pinned', order: 'desc' },
    NULLABLE.includes(sort) ? { column: sort, order, nulls: 'last' } : { column: sort, order },
    ...(sort === 'number' ? [] : [{ column: 'number', order }]),
  ]);
}

/** One page of the tickets the viewer may see that match the search, and how many match in all. */
export function searchTickets(viewer: TicketReader, search: TicketSearch) {
  return visibleTo(viewer)
    .modify(matching, search, viewer)
    .modify(sorted, search.sort, search.order)
    .page(search.page - 1, search.pageSize);
}

/** The queues counted, by their key in the answer. */
const COUNTED = {
  mine: 'mine',
  unassigned: 'unassigned',
  waiting: 'waiting',
  followUps: 'follow-ups',
  closed: 'closed',
  all: 'all',
} as const satisfies Record<Exclude<keyof TicketCounts, 'groups'>, QueueName>;
type Totals = Record<keyof typeof COUNTED, string | number>;

/** The same conditions as a list of `queue` without filters, counted as a subquery. */
function countOf(viewer: TicketReader, queue: QueueName, alias: string) {
  return visibleTo(viewer)
    .modify(inQueue, queue, viewer)
    .modify(withStatus, undefined)
    .count('*')
    .toKnexQuery()
    .as(alias);
}

/** Every queue's count for the viewer: one statement for the queues, one grouped by group. */
export async function countTickets(viewer: TicketReader): Promise<TicketCounts> {
  const keys = Object.keys(COUNTED) as (keyof typeof COUNTED)[];
  const [totals, groups] = await Promise.all([
    Ticket.knex()
      .select(keys.map((key) => countOf(viewer, COUNTED[key], key)))
      .first() as Promise<Totals>,
    visibleTo(viewer)
      .modify(withStatus, undefined)
      .select('groupId')
      .count({ count: '*' })
      .groupBy('groupId')
      .orderBy('groupId')
      .toKnexQuery() as unknown as Promise<{ groupId: number; count: string | number }[]>,
  ]);
  return {
    mine: Number(totals.mine),
    unassigned: Number(totals.unassigned),
    waiting: Number(totals.waiting),
    followUps: Number(totals.followUps),
    closed: Number(totals.closed),
    all: Number(totals.all),
    groups: groups.map((row) => ({ groupId: row.groupId, count: Number(row.count) })),
  };
}
