import { proxyActivities } from '@temporalio/workflow';
import type { Activities } from '../../activities';

/**
 * Projection, publishing, notices, the mail outbox, choosing an agent and reading configuration are
 * short database work: a 5 s attempt is generous, and short enough that an attempt a killed worker had
 * started is retried within seconds, so a timer that fired just before the kill acts soon after the
 * restart. Retrying a failure of the database forever is right because each must happen even after a
 * long outage; input the database refuses fails at once instead (activities/bad-data.ts). Each is
 * idempotent, so a retry never shows or sends twice.
 */
export const {
  projectTicket,
  publishTicketUpdated,
  recordEffect,
  chooseAgent,
  loadAutomation,
  readMessageText,
  storeRuleComment,
  resolveRuleTransfer,
} = proxyActivities<Activities>({
  startToCloseTimeout: '5s',
  retry: { initialInterval: '200ms', backoffCoefficient: 2, maximumInterval: '30s' },
});
