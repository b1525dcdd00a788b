import { z } from 'zod';
import { unsafeTextProblem } from './untrusted';

/**
 * The one set of field schemas every route builds its requests from, so untrusted input is bounded
 * the same way everywhere:
 * - ids and integers fit PostgreSQL's 32-bit `integer` columns (1 … 2^31-1), numbers are bounded;
 * - path and query numbers are canonical decimal digits only (`1e3`, `0x3e8`, `1000.0`, ` 7` are refused),
 *   never `z.coerce`d;
 * - text never carries NUL or lone surrogates. The rule is one for every field, free text included:
 *   such text is REFUSED with a 400 naming the field, never silently normalised (a client learns once, and
 *   nothing stored differs from what was sent). route.ts applies the same check to every string of every
 *   request before any route schema runs; these schemas repeat it, so a schema parsed on its own holds too;
 * - single-line text (`line`: subjects, names) also refuses control characters such as line breaks;
 * - request objects are strict: an unknown key is a 400 naming it (a misspelt key never drops a value).
 * test/api/input-boundary.test.ts walks the OpenAPI document and fails on any request schema that is not.
 */

/** The largest value of a PostgreSQL `integer` column. */
export const MAX_INT = 2_147_483_647;

/** An integer from `min` to `max` (at most MAX_INT). */
export const int = (min: number, max: number = MAX_INT) =>
  z
    .number()
    .int('must be a whole number')
    .min(min, `must be at least ${min}`)
    .max(max, `must be at most ${max}`);

/** A row id or ticket number in a body: 1 … 2^31-1. */
export const id = int(1);

/** A count or position: 0 … 2^31-1 unless told. */
export const count = (max: number = MAX_INT) => int(0, max);

/** A number (fractions allowed) between `min` and `max`. */
export const bounded = (min: number, max: number) =>
  z.number().min(min, `must be at least ${min}`).max(max, `must be at most ${max}`);

const DIGITS = /^(0|[1-9][0-9]*)$/;

/** An integer written in a path or query string: canonical decimal digits only, then bounded. */
export const digits = (min: number, max: number = MAX_INT) =>
  z
    .string()
    .max(String(max).length, `must be a whole number from ${min} to ${max}`)
    .regex(DIGITS, `must be a whole number from ${min} to ${max}, in decimal digits`)
    .transform(Number)
    .pipe(int(min, max));

/** An id in a path (`/api/tickets/:number`) or query. */
export const pathId = digits(1);

/** A decimal number in a query string (`120`, `0.5`): no exponent, sign, hex or spaces. */
export const decimal = (min: number, max: number) =>
  z
    .string()
    .max(20, 'is too long for a number')
    .regex(/^(0|[1-9][0-9]*)(\.[0-9]+)?$/, 'must be a decimal number such as 120 or 0.5')
    .transform(Number)
    .pipe(bounded(min, max));

const atMost = (max: number) => `must be at most ${max} characters`;

/** Refuses NUL and lone surrogates with the message the central check uses. */
const safe = <T extends z.ZodString>(schema: T) =>
  schema.refine((value) => unsafeTextProblem(value) === null, {
    error: (issue) => unsafeTextProblem(issue.input as string) ?? 'is not valid text',
  });

/** Free text (bodies, comments, notes): trimmed, at most `max` characters, line breaks allowed. */
export const text = (max: number, { empty = false }: { empty?: boolean } = {}) => {
  const trimmed = z.string().trim().max(max, atMost(max));
  return safe(empty ? trimmed : trimmed.min(1, 'must not be empty'));
};

// C0 controls (tab and line breaks included), DEL and C1, the Unicode line and paragraph separators, and
// the bidirectional embeddings, overrides and isolates (which make a subject display other than it reads):
// never part of a one-line value like a subject or a name.
// biome-ignore lint/suspicious/noControlCharactersInRegex: the point is to find them
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;

/** One line (subjects, names): as `text`, without line breaks, other control or bidi override characters. */
export const line = (max: number) =>
  text(max).refine(
    (value) => !CONTROL.test(value),
    'must be one line without control characters (line breaks, bidi overrides)',
  );

/** A string taken as is (not trimmed), bounded, without NUL or lone surrogates. */
export const raw = (max: number) => safe(z.string().max(max, atMost(max)));

export const email = z.email('must be an email address').max(254, 'must be at most 254 characters');

/** An http(s) URL such as a webhook's. */
export const webUrl = z.url({ protocol: /^https?$/ }).max(2_000, 'must be at most 2000 characters');

/** A request object: unknown keys are refused, not dropped. */
export const strict = z.strictObject;

/** Path parameters `{ [name]: id }`, parsed strictly. */
export const idParams = <K extends string>(name: K) =>
  z.strictObject({ [name]: pathId } as Record<K, typeof pathId>);
