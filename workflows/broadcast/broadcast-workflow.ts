import {
  getExternalWorkflowHandle,
  makeContinueAsNewFunc,
  proxyActivities,
  workflowInfo,
} from '@temporalio/workflow';
import type { Activities } from '../../activities';
import type { BroadcastSignal } from '../domain/broadcast';
import {
  agentAvailableSignal,
  automationChangedSignal,
  ticketWorkflowId,
  timingsChangedSignal,
} from '../ticket/messages';
import type { AutomationBroadcastInput, BroadcastInput } from './messages';

const { openTicketNumbers } = proxyActivities<Activities>({
  startToCloseTimeout: '30s',
  retry: { initialInterval: '200ms', backoffCoefficient: 2, maximumInterval: '30s' },
});

const PAGE = 200;
/** Signals per run before continuing as new, so the history stays small whatever the number of tickets. */
const PER_RUN = 2_000;

/** Sends the signal to one ticket; a ticket whose workflow has ended is skipped. */
function tell(ticketNumber: number, signal: BroadcastSignal): Promise<void> {
  const ticket = getExternalWorkflowHandle(ticketWorkflowId(ticketNumber));
  const sent =
    signal.name === 'timingsChanged'
      ? ticket.signal(timingsChangedSignal, signal.timings)
      : ticket.signal(signal.name === 'agentAvailable' ? agentAvailableSignal : automationChangedSignal);
  return sent.catch(() => undefined);
}

/**
 * Tells a set of tickets something, page by page. Durable: if the API or a worker dies half-way, the
 * rest are still told. Returns how many tickets this run told.
 */
export async function broadcastWorkflow(input: BroadcastInput): Promise<number> {
  const continueAsNew = makeContinueAsNewFunc<typeof broadcastWorkflow>({
    workflowType: 'broadcastWorkflow',
  });
  // Each offer takes an agent in turn: offered together, queued tickets would only race for the same one.
  const oneAtATime = input.target.kind === 'queuedInGroups';
  let { after, remaining } = input;
  let told = 0;
  for (;;) {
    const size = remaining === null ? PAGE : Math.min(PAGE, remaining);
    if (size <= 0) return told;
    const page = await openTicketNumbers(after, size, input.target);
    if (page.length === 0) return told;
    if (oneAtATime) for (const number of page) await tell(number, input.signal);
    else await Promise.all(page.map((number) => tell(number, input.signal)));
    told += page.length;
    after = page[page.length - 1]!;
    if (remaining !== null) remaining -= page.length;
    if (told >= PER_RUN || workflowInfo().continueAsNewSuggested)
      return continueAsNew({ ...input, after, remaining });
  }
}

/**
 * Runs recorded before broadcasts had targets (`automation-change-<id>`): they tell every open ticket
 * that policies, calendars or rules changed, with the same commands as then.
 */
export function automationBroadcastWorkflow(input: AutomationBroadcastInput): Promise<number> {
  return broadcastWorkflow({
    target: { kind: 'open' },
    signal: { name: 'automationChanged' },
    after: input.after,
    remaining: null,
  });
}
