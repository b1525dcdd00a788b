// The worker's bundle entry: workflow functions only.
export { ticketWorkflow } from './ticket/ticket-workflow';
export { webhookDeliveryWorkflow } from './webhook/webhook-workflow';
