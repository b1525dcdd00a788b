/** A webhook call an automation rule asked for: delivered at least once, signed, retried with backoff. */
export interface WebhookDelivery {
  /** Unique per rule firing: the receiver can drop duplicates by the X-Duradesk-Delivery header. */
  key: string;
  ruleId: number;
  ruleVersion: number;
  ticketNumber: number;
  url: string;
  payload: WebhookPayload;
}

export interface WebhookPayload {
  event: string;
  rule: { id: number; version: number; name: string };
  ticket: {
    number: number;
    subject: string;
    status: string;
    priority: string;
    departmentId: number;
    groupId: number;
    agentId: number | null;
    customerId: number;
  };
  at: string;
}
