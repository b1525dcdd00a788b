import {
  allHandlersFinished,
  condition,
  continueAsNew,
  patched,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import { eventTriggers, type RuleCause } from '../domain/automation-rule';
import { computeSla, newVerdicts, type SlaReport, type SlaVerdict } from '../domain/sla-clock';
import { sameAppliedSla } from '../domain/sla-policy';
import { isDormant, openTicket, type TicketState, upgradeState } from '../domain/ticket';
import {
  automationWakeup,
  dueAutomationTimer,
  noAutomation,
  type TicketAutomation,
} from '../domain/ticket-automation';
import { slaEffects, ticketEffects } from '../domain/ticket-effects';
import { applyTicketEvent, type CommandEvent, type TicketEvent } from '../domain/ticket-events';
import { firstDueTimer, nextDeadline } from '../domain/ticket-timers';
import { chooseAgent, loadAutomation, publishTicketUpdated, recordEffect } from './activities';
import { acceptedMessages, messageOf, reselectsPolicy, slaTriggers } from './event-facts';
import {
  agentAvailableSignal,
  agentReplyUpdate,
  automationChangedSignal,
  closeUpdate,
  commandUpdate,
  customerRepliedSignal,
  openUpdate,
  stateQuery,
  type TicketWorkflowInput,
  timingsChangedSignal,
} from './messages';
import { ticketProjection } from './projection';
import { ruleFiring } from './rule-firing';
import { validateCommand } from './validation';

/** One ticket's whole life: the single writer of its status, group, SLA clocks and timers. */
export async function ticketWorkflow(input: TicketWorkflowInput): Promise<TicketState> {
  // Runs recorded before SLA policies and rules existed replay without them.
  const automated = patched('sla-and-automation');
  // Runs recorded before events waited for a reload of the rules replay without waiting.
  const waitsForReload = patched('events-wait-for-rule-reload');
  // Runs recorded before an event's notices went out alongside its socket update replay one by one.
  const effectsAlongside = patched('effects-alongside-publish');
  let state = input.carried ? upgradeState(input.carried) : openTicket(input.ticket, Date.now());
  let automation: TicketAutomation = input.automation ?? noAutomation;
  let visible = input.carried !== undefined;
  /** The reload of policies and rules an `automationChanged` signal started, while it runs. */
  let reloading: Promise<void> | null = null;

  const slaReport = (): SlaReport =>
    computeSla(state.timeline, state.sla.applied, state.sla.given, Date.now());

  /** Writes `state` to the read model (a safe copy if it holds text the database cannot store). */
  const project = ticketProjection({
    state: () => state,
    replaceState: (stored) => {
      state = stored;
    },
    slaReport,
    automated,
  });

  /** Makes `state` visible: read model first, then sockets. */
  async function show(acceptedMessageIds: string[], event: TicketEvent | null, cause: RuleCause | null) {
    const shown = await project(acceptedMessageIds, event, cause);
    await publishTicketUpdated(shown);
    return shown;
  }

  /** Update validators: refuse before anything is recorded (validation.ts). */
  const validate = (event: CommandEvent, expectedVersion?: number) =>
    validateCommand(state, event, expectedVersion);

  /** Runs the effects `event` asks for, each keyed by the version it produced, so retries record it once. */
  async function recordEffects(before: TicketState, event: TicketEvent, version: number): Promise<void> {
    for (const effect of ticketEffects(before, event))
      await recordEffect(effect, `ticket-${before.number}/v${version}`);
  }

  /** Records the SLA verdicts reached by now (SLA.md rule 13): each is given once and then stands. */
  function settleSla(): SlaVerdict[] {
    if (!automated) return [];
    const fresh = newVerdicts(slaReport(), state.sla.given, Date.now());
    if (fresh.length > 0) state = { ...state, sla: { ...state.sla, given: [...state.sla.given, ...fresh] } };
    return fresh;
  }

  async function apply(
    event: TicketEvent,
    acceptedMessageIds: string[] = [],
    cause: RuleCause | null = null,
    chain: number[] = [],
  ): Promise<TicketState> {
    const before = state;
    state = applyTicketEvent(state, event, Date.now());
    if (event.type === 'ruleDue') automation = { ...automation, fired: [...automation.fired, event.key] };
    const verdicts = settleSla();
    const after = state;
    const key = `ticket-${after.number}/v${after.version}`;
    const slaNotices = slaEffects(after, verdicts).map(
      (effect, index) => () => recordEffect(effect, `${key}/sla-${index}`),
    );
    // What the read model stored: `after`, or its safe copy.
    let shown = after;
    if (effectsAlongside) {
      // Once the read model has the change, sockets, notices and mail need not wait for each other.
      shown = await project(acceptedMessageIds, event, cause);
      await Promise.all([
        publishTicketUpdated(shown),
        ...ticketEffects(before, event).map((effect) => recordEffect(effect, key)),
        ...slaNotices.map((notice) => notice()),
      ]);
    } else {
      shown = await show(acceptedMessageIds, event, cause);
      await recordEffects(before, event, after.version);
      if (!automated) return shown;
      for (const notice of slaNotices) await notice();
    }
    if (!automated) return shown;
    if (reselectsPolicy(before, after)) await refreshAutomation();
    const triggers = eventTriggers(before, event, after);
    for (const verdict of verdicts) {
      const trigger = slaTriggers[verdict.kind];
      if (trigger) triggers.push(trigger);
    }
    await fireRules(triggers, messageOf(event), chain, after.version);
    if (event.type === 'ruleDue') await fireTimedRule(event.ruleId, after.version);
    return shown;
  }

  /** Reloads the policy, calendar and rules in force; a new policy version recomputes due times (rule 15). */
  async function refreshAutomation(): Promise<void> {
    const loaded = await loadAutomation(state);
    automation = { ...automation, rules: loaded.rules, calendar: loaded.calendar };
    if (!sameAppliedSla(loaded.sla, state.sla.applied))
      await apply({ type: 'slaApplied', applied: loaded.sla });
  }

  const runtime = {
    state: () => state,
    apply: async (event: CommandEvent, accepted: string[], cause: RuleCause, chain: number[]) => {
      await apply(event, accepted, cause, chain);
    },
    distribute: () => distribute(),
  };

  const { fireRules, fireTimedRule } = ruleFiring(runtime, () => automation);

  /** Offers a queued ticket to its group's agents; someone may have taken it while we asked. */
  async function distribute(): Promise<void> {
    if (state.agentId !== null || isDormant(state.status)) return;
    const agentId = await chooseAgent(state.groupId);
    if (agentId !== null && state.agentId === null && !isDormant(state.status))
      await apply({ type: 'assigned', agentId });
  }

  /**
   * The reload of the rules under way, which events arriving meanwhile wait for, so none acts on the rules
   * it replaces; null when there is none. Checked before awaiting: an await that need not happen would
   * still let other handlers run first and reorder the commands of recorded histories.
   */
  const pendingReload = () => (waitsForReload ? reloading : null);

  setHandler(stateQuery, () => state);
  setHandler(agentAvailableSignal, distribute);
  setHandler(openUpdate, async () => {
    await condition(() => visible);
    return state;
  });
  setHandler(customerRepliedSignal, async ({ messageId }) => {
    if (pendingReload()) await pendingReload();
    await apply({ type: 'customerReplied', messageId }, [messageId]);
  });
  setHandler(timingsChangedSignal, async (timings) => {
    await apply({ type: 'timingsChanged', timings });
  });
  setHandler(automationChangedSignal, async () => {
    // Closed tickets keep the policy version they ran under.
    if (!automated || !visible || isDormant(state.status)) return;
    const reload = refreshAutomation();
    reloading = reload;
    await reload;
    if (reloading === reload) reloading = null;
  });
  setHandler(
    agentReplyUpdate,
    async ({ expectedVersion: _, ...reply }) => {
      if (pendingReload()) await pendingReload();
      return apply({ type: 'agentReplied', ...reply }, [reply.messageId]);
    },
    {
      validator: ({ expectedVersion, ...reply }) =>
        validate({ type: 'agentReplied', ...reply }, expectedVersion),
    },
  );
  setHandler(
    closeUpdate,
    async ({ expectedVersion: _, ...command }) => {
      if (pendingReload()) await pendingReload();
      return apply({ type: 'closed', ...command });
    },
    {
      validator: ({ expectedVersion, ...command }) =>
        validate({ type: 'closed', ...command }, expectedVersion),
    },
  );
  setHandler(
    commandUpdate,
    async ({ expectedVersion: _, ...command }) => {
      if (pendingReload()) await pendingReload();
      await apply(command, acceptedMessages(command));
      if (command.type === 'transferred' && command.to.agentId === null) await distribute();
      return state;
    },
    { validator: ({ expectedVersion, ...command }) => validate(command, expectedVersion) },
  );

  if (!visible) {
    // The policy is chosen before the ticket is first shown, so the creator sees its due times; tickets
    // opened before distribution existed were shown unassigned, new ones get an agent first, so the
    // answer to the creator already names the owner. Both lookups run at once.
    const [loaded, assigned] = await Promise.all([
      automated ? loadAutomation(state) : null,
      patched('distribution-on-open') ? chooseAgent(state.groupId) : null,
    ]);
    if (loaded) {
      automation = { ...automation, rules: loaded.rules, calendar: loaded.calendar };
      state = { ...state, sla: { ...state.sla, applied: loaded.sla } };
    }
    if (assigned !== null) state = { ...state, agentId: assigned };
    await show([input.ticket.firstMessageId], null, null);
    visible = true;
    if (assigned !== null) await recordEffects(state, { type: 'assigned', agentId: assigned }, 1);
    if (automated) await fireRules(['created'], input.ticket.firstMessageId, [], state.version);
  }

  // Sleep until the next armed timer or any change, whichever comes first; a change may re-arm timers.
  while (!workflowInfo().continueAsNewSuggested) {
    const seen = state.version;
    const deadlines = [
      nextDeadline(state),
      automated ? automationWakeup(state, slaReport(), automation) : null,
    ];
    const armed = deadlines.filter((at): at is number => at !== null);
    const deadline = armed.length > 0 ? Math.min(...armed) : null;
    const changed = await condition(
      () => state.version !== seen || workflowInfo().continueAsNewSuggested,
      deadline === null ? undefined : Math.max(1, deadline - Date.now()),
    );
    if (changed) continue;
    if (pendingReload()) await pendingReload();
    for (let timer = firstDueTimer(state, Date.now()); timer; timer = firstDueTimer(state, Date.now())) {
      await apply(timer);
    }
    if (!automated) continue;
    for (
      let timer = dueAutomationTimer(state, slaReport(), automation, Date.now());
      timer;
      timer = dueAutomationTimer(state, slaReport(), automation, Date.now())
    ) {
      await apply(timer);
    }
  }
  await condition(allHandlersFinished);
  return continueAsNew<typeof ticketWorkflow>({ ticket: input.ticket, carried: state, automation });
}
