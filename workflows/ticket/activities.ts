import { proxyActivities } from '@temporalio/workflow';
import type { Activities } from '../../activities';

/**
 * Projection, publishing, notices, the mail outbox, choosing an agent and reading configuration are
 * short database work: a 10 s attempt is generous, and retrying forever is right because each must
 * happen even after a long database outage. Each is idempotent, so a retry never shows or sends twice.
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
  startToCloseTimeout: '10s',
  retry: { initialInterval: '200ms', backoffCoefficient: 2, maximumInterval: '30s' },
});
