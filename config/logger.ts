import { pino } from 'pino';

/** The closed set of log categories, so logs can be filtered by concern. */
export type LogCategory = 'http' | 'temporal' | 'activity' | 'realtime' | 'db' | 'start' | 'worker';

const root = pino({
  level: process.env.LOG_LEVEL ?? 'info',
  redact: { paths: ['*.password', '*.token', '*.authorization', '*.body'], censor: '[redacted]' },
});

export type Logger = pino.Logger;

export function logger(category: LogCategory): Logger {
  return root.child({ category });
}
