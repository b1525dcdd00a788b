import { proxyActivities } from '@temporalio/workflow';
import type { Activities } from '../../activities';

/**
 * Projection and publishing are short database writes: a 10 s attempt is generous, and retrying
 * forever is right because the ticket must reach the read model even after a long database outage.
 */
export const { projectTicket, publishTicketUpdated } = proxyActivities<Activities>({
  startToCloseTimeout: '10s',
  retry: { initialInterval: '200ms', backoffCoefficient: 2, maximumInterval: '30s' },
});
