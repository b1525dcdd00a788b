import {
  type Client,
  isGrpcServiceError,
  ServiceError,
  WorkflowUpdateRPCTimeoutOrCancelledError,
} from '@temporalio/client';

/**
 * Honest answers when the ticket workflow is slow (no worker polling, a database outage that activities
 * retry through) or Temporal cannot be reached: a caller is never kept waiting past a few seconds, and
 * never told "failed" about work that will still happen.
 */

/** How long a command waits for the ticket workflow's answer before answering "still processing". */
export const DEFAULT_ANSWER_TIMEOUT_MS = 10_000;
/** How long the check whether a ticket's workflow exists may take, after the answer timed out. */
const EXISTENCE_CHECK_MS = 3_000;

/**
 * The workflow holds the command durably (the ticket's workflow started, or an update accepted into its
 * history) but has not answered in time; it will be processed, so the API answers 202 with the ticket.
 */
export class StillProcessing extends Error {
  readonly location: string;
  constructor(
    readonly ticketNumber: number,
    detail: string,
  ) {
    super(detail);
    this.location = `/api/tickets/${ticketNumber}`;
  }
}

/**
 * The command did not reach the workflow durably in time (no worker took it, or Temporal is unreachable).
 * It may still be applied; a retry with the same Idempotency-Key is safe (update ids and ticket numbers
 * dedupe on it), so the API answers 503 with Retry-After.
 */
export class NotReceived extends Error {
  constructor(
    readonly retryAfterSeconds: number,
    detail: string,
  ) {
    super(detail);
  }
}

const LATE = Symbol('late');
type Late = typeof LATE;

/**
 * gRPC codes that say the call did not get through or its answer did not come back: not a refusal.
 * FAILED_PRECONDITION is how Temporal refuses an update while the workflow's last task failed or timed
 * out (a worker hung or died holding it), until a worker runs the next one: "not yet", like the others.
 */
const UNANSWERED_CODES = new Set([
  1 /* CANCELLED */, 4 /* DEADLINE_EXCEEDED */, 8 /* RESOURCE_EXHAUSTED */, 9 /* FAILED_PRECONDITION */,
  14 /* UNAVAILABLE */,
]);

function isUnanswered(error: unknown): boolean {
  if (error instanceof WorkflowUpdateRPCTimeoutOrCancelledError) return true;
  const grpc = error instanceof ServiceError ? error.cause : error;
  return isGrpcServiceError(grpc) && UNANSWERED_CODES.has(grpc.code);
}

/**
 * Runs `work` (calls to Temporal) for at most `ms`: its calls carry that deadline (so their retries end
 * with it) and are cancelled when it passes. Late or not reached: LATE.
 */
async function within<T>(client: Client, ms: number, work: () => Promise<T>): Promise<T | Late> {
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<Late>((resolve) => {
    timer = setTimeout(() => resolve(LATE), Math.max(0, ms));
  });
  const deadline = Date.now() + Math.max(0, ms);
  const running = client.withDeadline(deadline, () => client.withAbortSignal(controller.signal, work));
  try {
    return await Promise.race([running, late]);
  } catch (error) {
    if (isUnanswered(error)) return LATE;
    throw error;
  } finally {
    clearTimeout(timer);
    controller.abort();
    running.catch(() => undefined);
  }
}

export interface AnswerTiming {
  /** How long a command waits for the workflow's answer; the API's request deadline must be longer. */
  answerTimeoutMs?: number;
}

/** The deadlines of one caller's commands: `open` for update-with-start, `update` for agent commands. */
export function answerInTime(client: Client, { answerTimeoutMs = DEFAULT_ANSWER_TIMEOUT_MS }: AnswerTiming) {
  const seconds = Math.max(1, Math.ceil(answerTimeoutMs / 1000));
  const notReceived = (what: string) =>
    new NotReceived(
      seconds,
      `${what} did not reach the ticket's workflow within ${seconds} s (no worker is processing, or ` +
        'Temporal cannot be reached). It may still be applied: retry with the same Idempotency-Key, which ' +
        'makes the retry safe.',
    );

  return {
    /**
     * Opening a ticket (update-with-start): the answer once its read model exists, or StillProcessing if
     * the workflow was started durably but has not answered in time, or NotReceived if it was not started.
     */
    async open<T>(ticketNumber: number, start: () => Promise<T>, exists: () => Promise<unknown>): Promise<T> {
      const answer = await within(client, answerTimeoutMs, start);
      if (answer !== LATE) return answer;
      const started = await within(client, EXISTENCE_CHECK_MS, exists).catch(() => LATE);
      if (started === LATE) throw notReceived(`Opening ticket ${ticketNumber}`);
      throw new StillProcessing(
        ticketNumber,
        `Ticket ${ticketNumber} is opened and being processed; it appears at its location shortly.`,
      );
    },

    /** A signal: durable once the server has it, so late only when Temporal is slow or unreachable. */
    async signal(ticketNumber: number, send: () => Promise<void>): Promise<void> {
      if ((await within(client, answerTimeoutMs, send)) === LATE)
        throw notReceived(`The message to ticket ${ticketNumber}`);
    },

    /**
     * An update: first accepted into the workflow's history (durable), then its result; StillProcessing
     * if accepted but not done in time, NotReceived if not even accepted in time.
     */
    async update<T>(ticketNumber: number, accept: () => Promise<{ result(): Promise<T> }>): Promise<T> {
      const deadline = Date.now() + answerTimeoutMs;
      const accepted = await within(client, answerTimeoutMs, accept);
      if (accepted === LATE) throw notReceived(`The command to ticket ${ticketNumber}`);
      const result = await within(client, deadline - Date.now(), () => accepted.result());
      if (result !== LATE) return result;
      throw new StillProcessing(
        ticketNumber,
        `Ticket ${ticketNumber} accepted the command and is processing it; its location shows the outcome shortly.`,
      );
    },
  };
}
