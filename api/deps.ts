import type { Client } from '@temporalio/client';
import type { Knex } from 'knex';
import type { Logger } from '../config/logger';
import type { OutboundPolicy } from '../config/outbound-policy';
import type { TicketCommands } from '../temporal/commands/tickets';
import type { Protection } from './protection/protection';
import type { Sessions } from './sessions';

/** What the API needs from the world; main.ts builds it, tests build it against the real parts. */
export interface ApiDeps {
  knex: Knex;
  temporal: Client;
  tickets: TicketCommands;
  sessions: Sessions;
  log: Logger;
  /** Which literal webhook addresses a rule may name (WEBHOOK_ALLOWED_NETWORKS); unset: public ones only. */
  webhookPolicy?: OutboundPolicy;
  /** Server-side deadline of every request (REQUEST_TIMEOUT_MS; default 30 s, api/middleware/deadline.ts). */
  requestTimeoutMs?: number;
  /** Login lockout, rate limits and the settings behind security headers and cookies. */
  protection: Protection;
  /** The task queue workflows are started on; readiness checks that a worker polls it. */
  taskQueue: string;
  /** A worker counts as polling this long after its last poll (HEALTH_WORKER_STALE_SECONDS; default 90). */
  workerStaleSeconds?: number;
}
