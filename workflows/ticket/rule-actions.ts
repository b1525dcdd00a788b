import { ParentClosePolicy, patched, startChild } from '@temporalio/workflow';
import {
  type AutomationRule,
  type RuleAction,
  type RuleCause,
  renderTemplate,
} from '../domain/automation-rule';
import { isDormant, type TicketState } from '../domain/ticket';
import { type CommandEvent, refusal } from '../domain/ticket-events';
import type { WebhookDelivery } from '../domain/webhook';
import { webhookWorkflowId } from '../webhook/messages';
import { webhookDeliveryWorkflow } from '../webhook/webhook-workflow';
import { recordEffect, resolveRuleTransfer, storeRuleComment } from './activities';

/** What a rule's actions may do to the ticket: the same path as people's commands, with the rule as cause. */
export interface TicketRuntime {
  state(): TicketState;
  /** `chain` lists the rules whose actions led here; none of them fires again on the events they cause. */
  apply(event: CommandEvent, acceptedMessageIds: string[], cause: RuleCause, chain: number[]): Promise<void>;
  distribute(): Promise<void>;
}

/**
 * Runs a rule's actions in order; an action the ticket refuses now (say, closing a closed ticket) is skipped.
 * What the actions record (notices, comments, webhook deliveries) is keyed by the version of the event that
 * fired the rule, so two commands handled at once, which both see the ticket's latest version by the time
 * their rules run, never share a key (one would silently drop the other's effects or fail on its webhook).
 */
export async function runRuleActions(
  ticket: TicketRuntime,
  rule: AutomationRule,
  trigger: string,
  chain: number[],
  firedByVersion: number,
): Promise<void> {
  const cause: RuleCause = { ruleId: rule.id, ruleVersion: rule.version, ruleName: rule.name, trigger };
  // Runs recorded before keyed by the version the ticket had when the actions began.
  const version = patched('rule-effects-keyed-by-firing-event') ? firedByVersion : ticket.state().version;
  const firing = `ticket-${ticket.state().number}/v${version}/rule-${rule.id}`;
  for (const [index, action] of rule.actions.entries()) {
    await runAction(ticket, action, cause, [...chain, rule.id], `${firing}/${index}`);
  }
}

async function runAction(
  ticket: TicketRuntime,
  action: RuleAction,
  cause: RuleCause,
  chain: number[],
  key: string,
): Promise<void> {
  const state = ticket.state();
  const change = async (event: CommandEvent, accepted: string[] = []) => {
    if (refusal(ticket.state(), event) === null) await ticket.apply(event, accepted, cause, chain);
  };
  switch (action.type) {
    case 'notify': {
      const to = action.to;
      const audience =
        'agentId' in to
          ? { staffId: to.agentId, groupId: state.groupId }
          : 'groupId' in to
            ? { staffId: null, groupId: to.groupId }
            : 'owner' in to
              ? { staffId: state.agentId, groupId: state.groupId }
              : { staffId: null, groupId: state.groupId, managersOf: state.departmentId };
      await recordEffect(
        {
          type: 'notify',
          kind: 'rule',
          ticketNumber: state.number,
          note: action.note,
          email: action.email,
          cause,
          ...audience,
        },
        key,
      );
      return;
    }
    case 'setPriority':
      if (state.priority !== action.priority)
        await change({ type: 'prioritySet', priority: action.priority, agentId: null });
      return;
    case 'pin':
      if (state.pinned !== action.pinned)
        await change({ type: 'pinSet', pinned: action.pinned, agentId: null });
      return;
    case 'setStatus':
      if (state.status === action.status) return;
      if (action.status === 'closed') await change({ type: 'closed', agentId: null });
      else {
        const reopen = state.status === 'closed' || state.status === 'closed-locked';
        const statusChange = reopen ? 'reopen' : action.status === 'waiting' ? 'setWaiting' : 'setActive';
        // As an agent would: a rule does not reopen a locked ticket.
        await change({ type: 'statusChanged', change: statusChange, agentId: null, role: 'agent' });
      }
      return;
    case 'transfer': {
      if (isDormant(state.status)) return;
      const to = await resolveRuleTransfer(state, action);
      if (to === null || (to.groupId === state.groupId && to.agentId === state.agentId)) return;
      await change({ type: 'transferred', to, byAgentId: null, escalation: true, commentMessageId: null });
      if (to.agentId === null) await ticket.distribute();
      return;
    }
    case 'addComment': {
      if (isDormant(state.status)) return;
      const messageId = await storeRuleComment(state.number, action.text, cause, key);
      await change({ type: 'commentAdded', messageId, agentId: null }, [messageId]);
      return;
    }
    case 'emailCustomer':
      await recordEffect(
        {
          type: 'mailCustomer',
          template: 'rule',
          ticketNumber: state.number,
          customerId: state.customerId,
          subject: renderTemplate(action.subject, state),
          body: renderTemplate(action.body, state),
          cause,
        },
        key,
      );
      return;
    case 'webhook': {
      const delivery: WebhookDelivery = {
        key: key.replaceAll('/', '-'),
        ruleId: cause.ruleId,
        ruleVersion: cause.ruleVersion,
        ticketNumber: state.number,
        url: action.url,
        payload: {
          event: cause.trigger,
          rule: { id: cause.ruleId, version: cause.ruleVersion, name: cause.ruleName },
          ticket: {
            number: state.number,
            subject: state.subject,
            status: state.status,
            priority: state.priority,
            departmentId: state.departmentId,
            groupId: state.groupId,
            agentId: state.agentId,
            customerId: state.customerId,
          },
          at: new Date(state.updatedAt).toISOString(),
        },
      };
      // Delivered by its own workflow, so a slow receiver never holds the ticket up.
      await startChild(webhookDeliveryWorkflow, {
        workflowId: webhookWorkflowId(delivery.key),
        args: [delivery],
        parentClosePolicy: ParentClosePolicy.ABANDON,
      });
      return;
    }
  }
}
