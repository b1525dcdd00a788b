import { setTimeout as sleep } from 'node:timers/promises';

/** One command as a client of the API sends it: the same request, with the same key, on every attempt. */
export interface Command {
  method: 'POST' | 'PUT';
  path: string;
  body: unknown;
  idempotencyKey: string;
  /** 404 is worth retrying for a message to a ticket whose create was answered 202 (not yet visible). */
  retryNotFound?: boolean;
}

export interface Outcome {
  ok: boolean;
  status: number;
  // biome-ignore lint/suspicious/noExplicitAny: the suite reads answers field by field
  body: any;
  location: string | null;
  attempts: number;
  /** Why each failed attempt failed: a status, or the network error's code. */
  failures: string[];
  /** From the first attempt to the answer that settled it, in ms. */
  tookMs: number;
  /** When each attempt was sent (epoch ms). */
  sentAt: number[];
}

export interface ClientOptions {
  apiUrl: string;
  token: string;
  /** One attempt's client-side deadline, as an HTTP client library would have. */
  attemptTimeoutMs: number;
  /** A command still failing this long after its first attempt is given up (and fails the suite). */
  giveUpAfterMs: number;
}

/** Statuses that say "not now" rather than "never": the client retries them with the same key. */
const retryable = (status: number, retryNotFound: boolean) =>
  status >= 500 || status === 429 || status === 408 || (retryNotFound && status === 404);

/**
 * Sends `command` until the API accepts it (2xx, including 202) or refuses it for good (another 4xx),
 * retrying connection errors, timeouts, 5xx and 429 with capped exponential backoff; `slot` bounds how
 * many attempts are in flight across all commands (a backoff wait does not hold one).
 */
export async function send(
  options: ClientOptions,
  command: Command,
  slot: <T>(attempt: () => Promise<T>) => Promise<T>,
): Promise<Outcome> {
  // From the first attempt actually sent: waiting for a slot is the load's queue, not the command's.
  let started = 0;
  const failures: string[] = [];
  const sentAt: number[] = [];
  for (let attempt = 1; ; attempt++) {
    const answer = await slot(() => {
      started ||= Date.now();
      sentAt.push(Date.now());
      return attemptOnce(options, command);
    }).catch((error: Error & { cause?: { code?: string } }) => ({
      failure: error.cause?.code ?? error.name,
    }));
    if ('status' in answer && !retryable(answer.status, command.retryNotFound === true))
      return {
        ...answer,
        ok: answer.status < 300,
        attempts: attempt,
        failures,
        sentAt,
        tookMs: Date.now() - started,
      };
    failures.push('status' in answer ? String(answer.status) : answer.failure);
    if (Date.now() - started > options.giveUpAfterMs) {
      const last = 'status' in answer ? answer : { status: 0, body: null, location: null };
      return { ...last, ok: false, attempts: attempt, failures, sentAt, tookMs: Date.now() - started };
    }
    // A 429's or 503's Retry-After (seconds) when given, else capped exponential backoff.
    const retryAfter =
      'status' in answer && answer.retryAfter ? Number(answer.retryAfter) * 1000 : Number.NaN;
    await sleep(
      Number.isFinite(retryAfter)
        ? Math.min(retryAfter, 5_000)
        : Math.min(2_000, 100 * 2 ** Math.min(attempt, 5)),
    );
  }
}

async function attemptOnce(options: ClientOptions, command: Command) {
  const response = await fetch(`${options.apiUrl}${command.path}`, {
    method: command.method,
    headers: {
      'content-type': 'application/json',
      authorization: `Bearer ${options.token}`,
      'idempotency-key': command.idempotencyKey,
    },
    body: JSON.stringify(command.body),
    signal: AbortSignal.timeout(options.attemptTimeoutMs),
  });
  const text = await response.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // A proxy's or the runtime's plain-text error page: keep the text.
  }
  return {
    status: response.status,
    body,
    location: response.headers.get('location'),
    retryAfter: response.headers.get('retry-after'),
  };
}

/** A bound on attempts in flight at once, so an outage cannot pile up unbounded requests. */
export function slots(size: number): <T>(attempt: () => Promise<T>) => Promise<T> {
  let free = size;
  const waiting: (() => void)[] = [];
  return async (attempt) => {
    if (free === 0) await new Promise<void>((resolve) => waiting.push(resolve));
    else free--;
    try {
      return await attempt();
    } finally {
      const next = waiting.shift();
      if (next) next();
      else free++;
    }
  };
}
