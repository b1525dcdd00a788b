// The bench worker's bundle entry: the product's ticket workflow plus a baseline that does nothing,
// kept here so the empty workflow never ships in workflows/index.ts.
export { ticketWorkflow } from '../../workflows/ticket/ticket-workflow';

/** Returns at once: its start costs what any workflow start costs, with no work of ours on top. */
export async function emptyWorkflow(): Promise<void> {}
