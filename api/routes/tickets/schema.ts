import { z } from 'zod';
import { SLA_TARGETS } from '../../../workflows/domain/sla-policy';
import { PRIORITIES, REPLY_STATUSES, TICKET_STATUSES } from '../../../workflows/domain/ticket';
import { customFieldKey } from '../../schema/conditions';
import { digits, email, id, idParams, line, raw, strict, text } from '../../schema/fields';

export const TicketNumberParams = idParams('number');

export const ListTicketsQuery = strict({
  status: z.enum(TICKET_STATUSES).optional(),
  page: digits(1).default(1),
  pageSize: digits(1, 100).default(25),
});

const body = text(100_000);

/** Custom field values by key: policies and rules can match on them. */
const CustomFieldsBody = z
  .record(customFieldKey, raw(200))
  .refine((fields) => Object.keys(fields).length <= 20, 'at most 20 custom fields');

export const CreateTicketBody = strict({
  subject: line(300),
  customFields: CustomFieldsBody.optional(),
  body,
  customer: strict({ email, name: line(200).optional() }),
  departmentId: id,
  /** Defaults to the department's first group. */
  groupId: id.optional(),
});

export const AgentReplyBody = strict({
  body,
  /** Waiting: the ball is in the customer's court. Active: the agent still owes something. Default: the department's. */
  status: z.enum(REPLY_STATUSES).optional(),
});

export const CustomerMessageBody = strict({ body });

const instant = z.iso.datetime().nullable();
const SlaClockSchema = z.object({
  target: z.enum(SLA_TARGETS),
  cycle: z.number().int(),
  state: z.enum(['inactive', 'running', 'paused', 'stopped', 'achieved', 'breached']),
  startedAt: instant,
  dueAt: instant.describe('Empty while paused, stopped or inactive; the breach instant once breached.'),
  warningAt: instant,
  warned: z.boolean(),
  elapsedMs: z.number().describe('Business milliseconds the clock has run.'),
  remainingMs: z.number().describe('Target minus elapsed; negative when overdue.'),
  fulfilledAt: instant,
  marginMs: z.number().nullable().describe('Target minus elapsed at fulfilment; negative when late.'),
  breachedAt: instant,
});

export const TicketViewSchema = z.object({
  number: z.number().int(),
  subject: z.string(),
  status: z.enum(TICKET_STATUSES),
  priority: z.enum(PRIORITIES),
  pinned: z.boolean(),
  channel: z.enum(['api', 'agent']),
  brandId: z.number().int(),
  departmentId: z.number().int(),
  groupId: z.number().int(),
  customerId: z.number().int(),
  agentId: z.number().int().nullable(),
  version: z.number().int(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
  closedAt: z.iso.datetime().nullable(),
  followUpAt: z.iso.datetime().nullable(),
  idleWarningAt: z.iso.datetime().nullable(),
  idleCriticalAt: z.iso.datetime().nullable(),
  durationWarningAt: z.iso.datetime().nullable(),
  durationCriticalAt: z.iso.datetime().nullable(),
  organizationId: z.number().int().nullable().describe("The customer's organization, by email domain."),
  customFields: z.record(z.string(), z.string()),
  slaPolicy: z.object({ id: z.number().int(), version: z.number().int() }).nullable(),
  slaDueAt: z.iso
    .datetime()
    .nullable()
    .describe('The earliest due instant among running, unbreached targets.'),
  slaBreached: z.boolean(),
  sla: z.array(SlaClockSchema).describe('Each SLA clock; next response has one entry per cycle (SLA.md).'),
});

export const MessageViewSchema = z.object({
  id: z.uuid(),
  kind: z.enum(['customer', 'agent', 'internal']),
  staffId: z.number().int().nullable(),
  customerId: z.number().int().nullable(),
  body: z.string(),
  createdAt: z.iso.datetime(),
});

export const TicketPageSchema = z.object({
  items: z.array(TicketViewSchema),
  page: z.number().int(),
  pageSize: z.number().int(),
  total: z.number().int(),
});

export const TicketDetailSchema = TicketViewSchema.extend({ messages: z.array(MessageViewSchema) });
export const CustomerMessageAcceptedSchema = z.object({
  messageId: z.uuid(),
  ticketNumber: z.number().int(),
});

/** The version the agent last saw; if the ticket moved on since, the command is refused with 409. */
const expectedVersion = id.optional();

export const CommentBody = strict({ body, expectedVersion });

export const STATUS_CHANGES = [
  'reopen',
  'lock',
  'delete',
  'markSpam',
  'restore',
  'setWaiting',
  'setActive',
] as const;
export const StatusChangeBody = strict({ change: z.enum(STATUS_CHANGES), expectedVersion });

export const PriorityBody = strict({ priority: z.enum(PRIORITIES), expectedVersion });
export const PinBody = strict({ pinned: z.boolean(), expectedVersion });
export const CustomFieldsCommandBody = strict({ customFields: CustomFieldsBody, expectedVersion });

const futureInstant = z.iso
  .datetime({ offset: true })
  .refine((value) => Date.parse(value) > Date.now(), 'must be in the future');
export const FollowUpBody = strict({
  dueAt: futureInstant,
  note: text(2_000, { empty: true }).default(''),
  expectedVersion,
});
export const RescheduleFollowUpBody = strict({ dueAt: futureInstant, expectedVersion });
export const FollowUpParams = TicketNumberParams.extend({ followUpId: z.uuid() });
export const VersionQuery = strict({ expectedVersion: digits(1).optional() });

export const TransferBody = strict({
  agentId: id.optional(),
  groupId: id.optional(),
  departmentId: id.optional(),
  /** Kept as an internal comment on the ticket. */
  comment: text(10_000).optional(),
  /** A manual escalation: noticed as such to the receiving agent or group. */
  escalation: z.boolean().default(false),
  expectedVersion,
}).refine(
  (body) => body.agentId !== undefined || body.groupId !== undefined || body.departmentId !== undefined,
  {
    message: 'name an agentId, a groupId or a departmentId to transfer to',
    path: ['groupId'],
  },
);
