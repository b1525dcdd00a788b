/** The automation broadcast's contract: one run per change, so two edits never share a run. */
export const automationBroadcastId = (changeId: string) => `automation-change-${changeId}`;

export interface AutomationBroadcastInput {
  /** Tickets up to this number were told already (set when the run continues as new). */
  after: number;
}
