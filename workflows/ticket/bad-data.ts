import { ActivityFailure, ApplicationFailure } from '@temporalio/workflow';
import { BAD_DATA, REPLACEMENT } from '../domain/bad-data';

/** The activity's refusal of its input, when that is why `error` was thrown; else null. */
export function badDataOf(error: unknown): ApplicationFailure | null {
  if (!(error instanceof ActivityFailure)) return null;
  const cause = error.cause;
  return cause instanceof ApplicationFailure && cause.type === BAD_DATA ? cause : null;
}

/** The change log's and the managers' words for a ticket stored as a safe copy. */
export const safeCopyNote = (failure: ApplicationFailure) =>
  `The ticket could not be stored as given: ${failure.message} It was stored with the characters the ` +
  `database cannot hold (NUL, lone surrogates) replaced by ${REPLACEMENT}; check its subject and custom fields.`;
