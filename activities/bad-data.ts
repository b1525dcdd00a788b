import { ApplicationFailure } from '@temporalio/common';
import pg from 'pg';
import { BAD_DATA } from '../workflows/domain/bad-data';

/**
 * One place decides which failures are caused by an activity's input, so no activity retries forever
 * on data it can never accept: PostgreSQL's "data exception" class (SQLSTATE 22: text it cannot hold,
 * values out of range or too long, malformed dates and JSON), NOT NULL and CHECK violations, and values
 * beyond its limits (54000, e.g. an index row too large). Unique and foreign-key violations are left to
 * retry: a concurrent writer can cause them, and they can succeed later.
 */
const INPUT_CAUSED = new Set(['23502', '23514', '54000']);

/** What each known refusal means, in words; the database's own message may quote the data itself. */
const MEANINGS: Record<string, string> = {
  '22021': 'text with a NUL character or bytes that are not UTF-8',
  '22P05': 'JSON text with a NUL character or a lone surrogate',
  '22P02': 'a value not in the form its column needs',
  '22001': 'a text longer than its column allows',
  '22003': 'a number out of range for its column',
  '22007': 'a date or time that does not exist',
  '22008': 'a date or time out of range',
  '23502': 'a missing value its column requires',
  '23514': 'a value its column does not allow',
  '54000': 'a value beyond what the database can index or hold',
};

const isBadData = (code: string) => code.startsWith('22') || INPUT_CAUSED.has(code);

/**
 * The non-retryable `BadData` failure for an error caused by the activity's input, else null. The
 * message names the kind of problem and where, never the data (knex puts the bound values in its
 * messages, and failures are kept in workflow histories).
 */
export function badDataFailure(error: unknown): ApplicationFailure | null {
  if (!(error instanceof pg.DatabaseError) || !error.code || !isBadData(error.code)) return null;
  const meaning = MEANINGS[error.code] ?? 'a value the database refuses';
  const where = [error.table && `table ${error.table}`, error.column && `column ${error.column}`]
    .filter(Boolean)
    .join(', ');
  return ApplicationFailure.create({
    type: BAD_DATA,
    message: `The database refused ${meaning} (SQLSTATE ${error.code}${where ? `, ${where}` : ''}).`,
    nonRetryable: true,
    details: [{ sqlState: error.code, table: error.table ?? null, column: error.column ?? null }],
  });
}

// biome-ignore lint/suspicious/noExplicitAny: any activity signature
type Activity = (...args: any[]) => Promise<unknown>;

/** Wraps every activity so a failure caused by its input fails at once, as `BadData`, instead of retrying. */
export function failFastOnBadData<T extends Record<string, Activity>>(activities: T): T {
  return Object.fromEntries(
    Object.entries(activities).map(([name, activity]) => [
      name,
      async (...args: unknown[]) => {
        try {
          return await activity(...args);
        } catch (error) {
          throw badDataFailure(error) ?? error;
        }
      },
    ]),
  ) as T;
}
