/**
 * Conditions over a ticket, shared by SLA policies and automation rules: every condition of `all`
 * and, when `any` is not empty, at least one of `any`. Pure: the caller supplies the instant and the
 * message text, so a workflow evaluates them the same way on replay.
 */
import { type BusinessCalendar, isOpen } from './business-calendar';
import type { Priority, TicketChannel, TicketState, TicketStatus } from './ticket';
import { agentReplyCount } from './ticket-timeline';

export type IdField = 'brand' | 'department' | 'group' | 'agent' | 'customer' | 'organization';
export type TextField = 'subject' | 'body';

export type Condition =
  | { field: IdField; op: 'in' | 'notIn'; value: number[] }
  | { field: 'priority'; op: 'in' | 'notIn'; value: Priority[] }
  | { field: 'status'; op: 'in' | 'notIn'; value: TicketStatus[] }
  | { field: 'channel'; op: 'in' | 'notIn'; value: TicketChannel[] }
  | { field: TextField; op: 'containsAny' | 'containsAll'; value: string[] }
  | { field: TextField; op: 'matches'; value: string }
  | { field: 'replyCount'; op: 'atLeast' | 'atMost'; value: number }
  | { field: 'businessHours'; op: 'inside' | 'outside' }
  | { field: 'customField'; key: string; op: 'in' | 'notIn'; value: string[] };

export type ConditionField = Condition['field'];

export interface Conditions {
  all: Condition[];
  any: Condition[];
}

export const noConditions: Conditions = { all: [], any: [] };

export interface TicketFacts {
  ticket: TicketState;
  /** The text of the message behind the event, when there is one. */
  body: string | null;
  calendar: BusinessCalendar | null;
  now: number;
}

export function matchesConditions(conditions: Conditions, facts: TicketFacts): boolean {
  const holds = (condition: Condition) => conditionHolds(condition, facts);
  return conditions.all.every(holds) && (conditions.any.length === 0 || conditions.any.some(holds));
}

export const needsBody = (conditions: Conditions) =>
  [...conditions.all, ...conditions.any].some((condition) => condition.field === 'body');

function conditionHolds(condition: Condition, { ticket, body, calendar, now }: TicketFacts): boolean {
  switch (condition.field) {
    case 'brand':
    case 'department':
    case 'group':
    case 'agent':
    case 'customer':
    case 'organization':
      return membership(condition.op, condition.value, idOf(ticket, condition.field));
    case 'customField':
      return membership(condition.op, condition.value, ticket.customFields[condition.key] ?? null);
    case 'priority':
      return membership(condition.op, condition.value, ticket.priority);
    case 'status':
      return membership(condition.op, condition.value, ticket.status);
    case 'channel':
      return membership(condition.op, condition.value, ticket.channel);
    case 'subject':
    case 'body': {
      const text = condition.field === 'subject' ? ticket.subject : (body ?? '');
      if (condition.op === 'matches') return new RegExp(condition.value, 'iu').test(text);
      const lower = text.toLocaleLowerCase('en');
      const has = (word: string) => lower.includes(word.toLocaleLowerCase('en'));
      return condition.op === 'containsAll' ? condition.value.every(has) : condition.value.some(has);
    }
    case 'replyCount': {
      const replies = agentReplyCount(ticket.timeline);
      return condition.op === 'atLeast' ? replies >= condition.value : replies <= condition.value;
    }
    case 'businessHours':
      return isOpen(calendar, now) === (condition.op === 'inside');
  }
}

function membership<T>(op: 'in' | 'notIn', values: readonly T[], actual: T | null): boolean {
  const found = actual !== null && values.includes(actual);
  return op === 'in' ? found : !found;
}

function idOf(ticket: TicketState, field: IdField): number | null {
  switch (field) {
    case 'brand':
      return ticket.brandId;
    case 'department':
      return ticket.departmentId;
    case 'group':
      return ticket.groupId;
    case 'agent':
      return ticket.agentId;
    case 'customer':
      return ticket.customerId;
    case 'organization':
      return ticket.organizationId;
  }
}
