import { z } from 'zod';
import { SLA_TARGETS } from '../../../workflows/domain/sla-policy';
import { PRIORITIES, REPLY_STATUSES, TICKET_STATUSES } from '../../../workflows/domain/ticket';
import { customFieldKey } from '../automation/conditions';

export const TicketNumberParams = z.object({ number: z.coerce.number().int().positive() });

export const ListTicketsQuery = z.object({
  status: z.enum(TICKET_STATUSES).optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(25),
});

const body = z.string().trim().min(1, 'must not be empty').max(100_000);

/** Custom field values by key: policies and rules can match on them. */
const CustomFieldsBody = z
  .record(customFieldKey, z.string().max(200))
  .refine((fields) => Object.keys(fields).length <= 20, 'at most 20 custom fields');

export const CreateTicketBody = z.object({
  subject: z.string().trim().min(1, 'must not be empty').max(300),
  customFields: CustomFieldsBody.optional(),
  body,
  customer: z.object({ email: z.email(), name: z.string().trim().min(1).max(200).optional() }),
  departmentId: z.number().int().positive(),
  /** Defaults to the department's first group. */
  groupId: z.number().int().positive().optional(),
});

export const AgentReplyBody = z.object({
  body,
  /** Waiting: the ball is in the customer's court. Active: the agent still owes something. Default: the department's. */
  status: z.enum(REPLY_STATUSES).optional(),
});

export const CustomerMessageBody = z.object({ body });

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
const expectedVersion = z.number().int().positive().optional();

export const CommentBody = z.object({ body, expectedVersion });

export const STATUS_CHANGES = [
  'reopen',
  'lock',
  'delete',
  'markSpam',
  'restore',
  'setWaiting',
  'setActive',
] as const;
export const StatusChangeBody = z.object({ change: z.enum(STATUS_CHANGES), expectedVersion });

export const PriorityBody = z.object({ priority: z.enum(PRIORITIES), expectedVersion });
export const PinBody = z.object({ pinned: z.boolean(), expectedVersion });
export const CustomFieldsCommandBody = z.object({ customFields: CustomFieldsBody, expectedVersion });

const futureInstant = z.iso
  .datetime({ offset: true })
  .refine((value) => Date.parse(value) > Date.now(), 'must be in the future');
export const FollowUpBody = z.object({
  dueAt: futureInstant,
  note: z.string().trim().max(2_000).default(''),
  expectedVersion,
});
export const RescheduleFollowUpBody = z.object({ dueAt: futureInstant, expectedVersion });
export const FollowUpParams = TicketNumberParams.extend({ followUpId: z.uuid() });
export const VersionQuery = z.object({ expectedVersion: z.coerce.number().int().positive().optional() });

export const TransferBody = z
  .object({
    agentId: z.number().int().positive().optional(),
    groupId: z.number().int().positive().optional(),
    departmentId: z.number().int().positive().optional(),
    /** Kept as an internal comment on the ticket. */
    comment: z.string().trim().min(1).max(10_000).optional(),
    /** A manual escalation: noticed as such to the receiving agent or group. */
    escalation: z.boolean().default(false),
    expectedVersion,
  })
  .refine(
    (body) => body.agentId !== undefined || body.groupId !== undefined || body.departmentId !== undefined,
    {
      message: 'name an agentId, a groupId or a departmentId to transfer to',
      path: ['groupId'],
    },
  );
