import {
  continueAsNew,
  getExternalWorkflowHandle,
  proxyActivities,
  workflowInfo,
} from '@temporalio/workflow';
import type { Activities } from '../../activities';
import { automationChangedSignal, ticketWorkflowId } from '../ticket/messages';
import type { AutomationBroadcastInput } from './messages';

const { openTicketNumbers } = proxyActivities<Activities>({
  startToCloseTimeout: '30s',
  retry: { initialInterval: '200ms', backoffCoefficient: 2, maximumInterval: '30s' },
});

const PAGE = 200;
/** Signals per run before continuing as new, so the history stays small whatever the number of tickets. */
const PER_RUN = 2_000;

/**
 * Tells every open ticket that policies, calendars or rules changed, page by page. Durable: if the API
 * or a worker dies half-way, the rest are still told; a ticket whose workflow has ended is skipped.
 */
export async function automationBroadcastWorkflow(input: AutomationBroadcastInput): Promise<number> {
  let after = input.after;
  let told = 0;
  for (;;) {
    const page = await openTicketNumbers(after, PAGE);
    if (page.length === 0) return told;
    await Promise.all(
      page.map((number) =>
        getExternalWorkflowHandle(ticketWorkflowId(number))
          .signal(automationChangedSignal)
          .catch(() => undefined),
      ),
    );
    told += page.length;
    after = page[page.length - 1]!;
    if (told >= PER_RUN || workflowInfo().continueAsNewSuggested)
      return continueAsNew<typeof automationBroadcastWorkflow>({ after });
  }
}
