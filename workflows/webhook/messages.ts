/** The webhook delivery workflow's contract: its id, one per rule firing, so a retry never delivers twice. */
export const webhookWorkflowId = (key: string) => `webhook-${key}`;
