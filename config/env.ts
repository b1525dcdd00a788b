import path from 'node:path';
import { z } from 'zod';
import { parseOutboundPolicy } from './outbound-policy';

/**
 * Every setting Duradesk reads, validated once at start-up. Each variable is documented here and in the
 * README; a bad value stops the process with one line per problem.
 */
const port = z.coerce.number().int().min(1).max(65535);

const EnvSchema = z.object({
  /** HTTP port of the API, Socket.IO and the web app. */
  PORT: port.default(3000),
  /** Address the HTTP server binds to. */
  HOST: z.string().min(1).default('127.0.0.1'),
  /** Public URL printed at start-up and used in links. Defaults to http://HOST:PORT. */
  PUBLIC_URL: z.url().optional(),
  /** PostgreSQL connection string; without it an embedded PostgreSQL runs under DATA_DIR. */
  DATABASE_URL: z.url().optional(),
  /** Port of the embedded PostgreSQL when DATABASE_URL is not set. */
  EMBEDDED_POSTGRES_PORT: port.default(5433),
  /** Temporal frontend address (host:port); without it the Temporal dev server runs under DATA_DIR. */
  TEMPORAL_ADDRESS: z
    .string()
    .regex(/^[^\s:]+:\d+$/, 'must be host:port, e.g. 127.0.0.1:7233')
    .optional(),
  /** Temporal namespace; created with its search attributes when missing. */
  TEMPORAL_NAMESPACE: z.string().min(1).default('duradesk'),
  /** Task queue that the worker polls and the API starts workflows on. */
  TEMPORAL_TASK_QUEUE: z.string().min(1).default('duradesk'),
  /** Readiness counts a worker as polling this many seconds after its last poll (an idle one polls every minute). */
  HEALTH_WORKER_STALE_SECONDS: z.coerce.number().positive().default(90),
  /** API key for Temporal Cloud; implies TLS. */
  TEMPORAL_API_KEY: z.string().min(1).optional(),
  /** Use TLS to reach TEMPORAL_ADDRESS (true/false). */
  TEMPORAL_TLS: z.stringbool().default(false),
  /** Closed workflows are kept this many days (the audit trail); at least 30. */
  TEMPORAL_RETENTION_DAYS: z.coerce.number().int().min(30).default(30),
  /** Ports of the embedded Temporal dev server and its Web UI. */
  TEMPORAL_DEV_PORT: port.default(7233),
  TEMPORAL_UI_PORT: port.default(8233),
  /** Path to a `temporal` CLI binary to use instead of the cached v1.5.1 build. */
  TEMPORAL_CLI_PATH: z.string().min(1).optional(),
  /**
   * Internal addresses webhooks may reach anyway: comma-separated CIDRs, addresses or host names
   * (e.g. `10.20.0.0/16,hooks.internal`). Unset: only public addresses (no loopback, private, link-local…).
   */
  WEBHOOK_ALLOWED_NETWORKS: z
    .string()
    .default('')
    .transform((list, context) => {
      try {
        return parseOutboundPolicy(list);
      } catch (error) {
        context.addIssue({ code: 'custom', message: (error as Error).message });
        return z.NEVER;
      }
    }),
  /** Where embedded PostgreSQL, the Temporal SQLite file and benchmark results live. */
  DATA_DIR: z.string().min(1).default('.data'),
  /** How long a staff session lasts, in hours. */
  SESSION_TTL_HOURS: z.coerce.number().positive().default(12),
  /** Server-side deadline of every HTTP request, in ms: one that overruns it answers 503. */
  REQUEST_TIMEOUT_MS: z.coerce.number().int().min(1000).max(600_000).default(30_000),
  /**
   * How long a create or agent command waits for the ticket workflow's answer, in ms, before answering 202
   * (taken, still processing) or 503 (not taken yet; retry with the same Idempotency-Key). Must leave the
   * request deadline time to answer.
   */
  COMMAND_ANSWER_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(10_000),
  /** Failed logins in a row that lock an account (seed 004: 10), and how long the lock lasts, in seconds. */
  LOGIN_LOCKOUT_FAILURES: z.coerce.number().int().min(1).default(10),
  LOGIN_LOCKOUT_SECONDS: z.coerce.number().int().min(1).default(300),
  /** Login attempts allowed per client address and per account in each RATE_LIMIT_WINDOW_SECONDS. */
  LOGIN_RATE_PER_ADDRESS: z.coerce.number().int().min(1).default(30),
  LOGIN_RATE_PER_ACCOUNT: z.coerce.number().int().min(1).default(20),
  /** API requests allowed per session and per client address in each RATE_LIMIT_WINDOW_SECONDS. */
  API_RATE_PER_SESSION: z.coerce.number().int().min(1).default(600),
  API_RATE_PER_ADDRESS: z.coerce.number().int().min(1).default(3000),
  /** The window of every rate limit, in seconds. */
  RATE_LIMIT_WINDOW_SECONDS: z.coerce.number().int().min(1).default(60),
  /** Reverse proxies in front of the API whose X-Forwarded-For entries are trusted (0: none, use the peer). */
  TRUSTED_PROXY_HOPS: z.coerce.number().int().min(0).max(10).default(0),
  /** Seed demo data on first start (true/false). */
  SEED_DEMO_DATA: z.stringbool().default(true),
  /** pino log level. */
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export type Env = z.infer<typeof EnvSchema> & { dataDir: string; publicUrl: string };

export class EnvError extends Error {}

/** Parses the environment; throws EnvError listing every bad variable. */
export function parseEnv(source: NodeJS.ProcessEnv = process.env): Env {
  const present = Object.fromEntries(Object.entries(source).filter(([, value]) => value !== ''));
  const result = EnvSchema.safeParse(present);
  if (!result.success) {
    const lines = result.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
    throw new EnvError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const env = result.data;
  // A late command answers 202 or 503 after its answer timeout and a short check: before the request deadline.
  if (env.COMMAND_ANSWER_TIMEOUT_MS + 5_000 > env.REQUEST_TIMEOUT_MS)
    throw new EnvError(
      'Invalid configuration:\n  COMMAND_ANSWER_TIMEOUT_MS: must be at least 5000 below REQUEST_TIMEOUT_MS',
    );
  return {
    ...env,
    dataDir: path.resolve(env.DATA_DIR),
    publicUrl: env.PUBLIC_URL ?? `http://${env.HOST}:${env.PORT}`,
  };
}

/** parseEnv for entry points: prints the problems and exits instead of throwing. */
export function loadEnv(): Env {
  try {
    return parseEnv();
  } catch (error) {
    if (error instanceof EnvError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
}
