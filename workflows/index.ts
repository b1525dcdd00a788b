// The worker's bundle entry: workflow functions only.

export { automationBroadcastWorkflow, broadcastWorkflow } from './broadcast/broadcast-workflow';
export { ticketWorkflow } from './ticket/ticket-workflow';
export { webhookDeliveryWorkflow } from './webhook/webhook-workflow';
