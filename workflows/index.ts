// The worker's bundle entry: workflow functions only.
export { ticketWorkflow } from './ticket/ticket-workflow';
