import { setTimeout as sleep } from 'node:timers/promises';
import { type ClientOptions, type Command, type Outcome, send, slots } from './client';
import type { Random } from './random';

export interface LoadOptions {
  tickets: number;
  /** Creates are spread evenly (with jitter) over this window. */
  windowMs: number;
  /** Attempts in flight at once. */
  concurrency: number;
  departmentId: number;
}

export type CommandKind = 'open' | 'customer-message' | 'reply';

export interface Sent {
  kind: CommandKind;
  /** The ticket's index in the plan (its create key and subject carry it). */
  index: number;
  outcome: Outcome;
}

export interface LoadResult {
  sent: Sent[];
  /** Ticket number the API answered for each create, by plan index (null when it was given up). */
  numbers: (number | null)[];
  /** Messages the load expects on each ticket (the first one included), by plan index. */
  expectedMessages: number[];
  /** When the last create was answered. */
  lastOpenAt: number;
}

/** The ticket number of an accepted create: from a 201's body, or a 202's body or Location header. */
export function ticketNumberOf(outcome: Outcome): number | null {
  if (typeof outcome.body?.number === 'number') return outcome.body.number;
  if (typeof outcome.body?.ticketNumber === 'number') return outcome.body.ticketNumber;
  const match = outcome.location?.match(/\/api\/tickets\/(\d+)$/);
  return match ? Number(match[1]) : null;
}

/**
 * Opens `tickets` tickets over the window, each with an Idempotency-Key; every other one then gets a customer
 * message and every fourth an agent reply, a few seconds later, each with a key of its own. Every command is
 * retried by the client (same request, same key) until accepted, whatever is down meanwhile.
 */
export async function runLoad(
  client: ClientOptions,
  options: LoadOptions,
  random: Random,
  runId: string,
): Promise<LoadResult> {
  const slot = slots(options.concurrency);
  const sent: Sent[] = [];
  const numbers: (number | null)[] = new Array(options.tickets).fill(null);
  const expectedMessages: number[] = new Array(options.tickets).fill(1);
  const start = Date.now();
  const spacing = options.windowMs / options.tickets;
  let lastOpenAt = 0;

  const one = async (kind: CommandKind, index: number, command: Command) => {
    const outcome = await send(client, command, slot);
    sent.push({ kind, index, outcome });
    return outcome;
  };

  const ticket = async (index: number) => {
    const openAt = start + index * spacing + random.between(0, spacing);
    const messageDelays = [random.between(1_000, 8_000), random.between(2_000, 10_000)];
    const messages = index % 2 === 0;
    const replies = index % 4 === 0;
    await sleep(openAt - Date.now());
    const opened = await one('open', index, {
      method: 'POST',
      path: '/api/tickets',
      idempotencyKey: `${runId}-open-${index}`,
      body: {
        subject: `Fault ${runId} #${index}`,
        body: `First message of ticket ${index}`,
        customer: { email: `fault-${index}@example.com`, name: `Fault Customer ${index}` },
        departmentId: options.departmentId,
      },
    });
    const number = opened.ok ? ticketNumberOf(opened) : null;
    numbers[index] = number;
    if (number === null) return;
    lastOpenAt = Math.max(lastOpenAt, Date.now());
    // Each message a few seconds after the create, with a key of its own, counted once accepted.
    const message = (kind: CommandKind, path: string, delayMs: number, body: object) =>
      sleep(delayMs).then(async () => {
        const answer = await one(kind, index, {
          method: 'POST',
          path: `/api/tickets/${number}/${path}`,
          idempotencyKey: `${runId}-${kind}-${index}`,
          body,
          retryNotFound: true,
        });
        if (answer.ok) expectedMessages[index]! += 1;
      });
    const followUps: Promise<void>[] = [];
    if (messages)
      followUps.push(
        message('customer-message', 'customer-messages', messageDelays[0]!, {
          body: `Customer follow-up on ticket ${index}`,
        }),
      );
    if (replies)
      followUps.push(
        message('reply', 'replies', messageDelays[1]!, {
          body: `Agent answer on ticket ${index}`,
          status: 'active',
        }),
      );
    await Promise.all(followUps);
  };

  await Promise.all(Array.from({ length: options.tickets }, (_, index) => ticket(index)));
  return { sent, numbers, expectedMessages, lastOpenAt };
}
