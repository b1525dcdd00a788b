import { WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import type { Knex } from 'knex';
import { discardMessage } from '../../db/messages';

/**
 * Whether the workflow refused a command (its update failed, or there is no workflow to hear it), as
 * opposed to not answering in time or not being reached, when it may still accept the command later.
 */
export function isRefusal(error: unknown): boolean {
  return error instanceof WorkflowUpdateFailedError || error instanceof WorkflowNotFoundError;
}

/**
 * Runs a workflow command for a message stored first. If the workflow refuses it, the message is
 * discarded before the refusal goes on to the caller, so nothing half-written stays; a message whose
 * command may still arrive is kept (a retry with the same key finds it).
 */
export async function withStoredMessage<T>(
  knex: Knex,
  messageId: string,
  command: () => Promise<T>,
): Promise<T> {
  try {
    return await command();
  } catch (error) {
    if (isRefusal(error)) await discardMessage(knex, messageId);
    throw error;
  }
}
