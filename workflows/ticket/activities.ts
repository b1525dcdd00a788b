import { proxyActivities } from '@temporalio/workflow';
import type { Activities } from '../../activities';

/**
 * Projection, publishing, notices and the mail outbox are short database writes: a 10 s attempt is
 * generous, and retrying forever is right because each must happen even after a long database outage.
 * Each is idempotent, so a retry never shows or sends twice.
 */
export const { projectTicket, publishTicketUpdated, recordEffect } = proxyActivities<Activities>({
  startToCloseTimeout: '10s',
  retry: { initialInterval: '200ms', backoffCoefficient: 2, maximumInterval: '30s' },
});
