import type { InputProblem } from './untrusted';

/**
 * The `Idempotency-Key` header: 1 to 200 visible ASCII characters (`!` … `~`, no spaces), e.g. a UUID.
 * Commands scope it (`reply:42:<key>`) and use it as a Temporal update or workflow id, whose length
 * Temporal limits; a longer or odder key is a 400 naming the header, not a 500 from Temporal.
 */
export const IDEMPOTENCY_KEY_HEADER = 'idempotency-key';
export const MAX_IDEMPOTENCY_KEY_LENGTH = 200;
const VISIBLE_ASCII = /^[\x21-\x7e]+$/;

export const idempotencyKeyRule = `1 to ${MAX_IDEMPOTENCY_KEY_LENGTH} visible ASCII characters (no spaces), e.g. a UUID`;

/** The problem with the header's value, or null when it is absent or good. */
export function idempotencyKeyProblem(value: string | string[] | undefined): InputProblem | null {
  if (value === undefined) return null;
  const path = 'headers.Idempotency-Key';
  if (Array.isArray(value) || value.length === 0 || value.length > MAX_IDEMPOTENCY_KEY_LENGTH)
    return { path, message: `must be ${idempotencyKeyRule}` };
  if (!VISIBLE_ASCII.test(value)) return { path, message: `must be ${idempotencyKeyRule}` };
  return null;
}
