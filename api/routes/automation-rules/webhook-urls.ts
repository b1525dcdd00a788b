import { literalAddressOf, type OutboundPolicy, parseOutboundPolicy } from '../../../config/outbound-policy';
import { validationProblem } from '../../errors';
import type { RuleBody } from './schema';

const publicOnly = parseOutboundPolicy('');

/**
 * 400 naming each webhook URL whose host is a literal internal address (127.0.0.1, 2130706433, [::1],
 * 169.254.169.254…) that the administrator has not allow-listed. A first line only: names can resolve
 * anywhere, so the worker checks the address it connects to when it sends.
 */
export function checkWebhookUrls(body: Pick<RuleBody, 'actions'>, policy: OutboundPolicy = publicOnly): void {
  const errors: { path: string; message: string }[] = [];
  body.actions.forEach((action, index) => {
    if (action.type !== 'webhook') return;
    const url = new URL(action.url);
    const address = literalAddressOf(url);
    const refusal = address && !policy.allowsHost(address) ? policy.refusalOf(address) : null;
    if (refusal)
      errors.push({
        path: `body.actions.${index}.url`,
        message: `Webhooks may not call internal addresses: ${refusal} (an administrator can allow it with WEBHOOK_ALLOWED_NETWORKS).`,
      });
  });
  if (errors.length > 0)
    throw validationProblem(errors.map((error) => `${error.path}: ${error.message}`).join('; '), errors);
}
