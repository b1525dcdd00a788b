/**
 * Data a step can never accept, whatever the retries: the failure type activities raise for it, and the
 * pure repair of text that PostgreSQL cannot hold. Shared by activities (which raise it) and workflows
 * (which survive it).
 */

/** The `ApplicationFailure` type of an activity that refused its input; such a failure is never retried. */
export const BAD_DATA = 'BadData';

/** NUL (refused by PostgreSQL text and jsonb) and lone UTF-16 surrogates (refused by jsonb, mangled in text). */
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching NUL is the point
const UNSTORABLE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** The Unicode replacement character, which stands in for what could not be stored. */
export const REPLACEMENT = '\ufffd';

export const storableText = (text: string): string => text.replace(UNSTORABLE, REPLACEMENT);

/** A deep copy of a JSON value with every string, object keys included, made storable. */
export function storableCopy<T>(value: T): T {
  if (typeof value === 'string') return storableText(value) as T;
  if (Array.isArray(value)) return value.map(storableCopy) as T;
  if (value !== null && typeof value === 'object')
    return Object.fromEntries(
      Object.entries(value).map(([key, entry]) => [storableText(key), storableCopy(entry)]),
    ) as T;
  return value;
}

/** Whether `value` holds text that `storableCopy` would change. */
export function hasUnstorableText(value: unknown): boolean {
  if (typeof value === 'string') return storableText(value) !== value;
  if (Array.isArray(value)) return value.some(hasUnstorableText);
  if (value !== null && typeof value === 'object')
    return Object.entries(value).some(([key, entry]) => hasUnstorableText(key) || hasUnstorableText(entry));
  return false;
}
