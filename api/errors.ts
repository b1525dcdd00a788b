/**
 * Every error the API answers with is an RFC 9457 problem: a stable `type`, a `title`, the HTTP
 * `status` and a `detail` safe to show to the caller.
 */
export class Problem extends Error {
  constructor(
    readonly status: number,
    readonly type: string,
    readonly title: string,
    detail: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(detail);
  }
}

export const validationProblem = (detail: string, errors: { path: string; message: string }[]) =>
  new Problem(400, 'validation_error', 'The request is not valid', detail, { errors });
/** A 400 whose detail is the errors' messages in turn, each also listed at its path. */
export const invalidBecause = (errors: { path: string; message: string }[]) =>
  validationProblem(errors.map((error) => error.message).join(' '), errors);
export const unauthorized = (detail = 'Log in first: send a valid session token or cookie.') =>
  new Problem(401, 'unauthorized', 'Not authenticated', detail);
export const forbidden = (detail: string) => new Problem(403, 'forbidden', 'Not allowed', detail);
export const notFound = (detail: string) => new Problem(404, 'not_found', 'Not found', detail);
export const conflict = (detail: string, extra: Record<string, unknown> = {}) =>
  new Problem(409, 'conflict', 'Conflicts with the current state', detail, extra);
export const unavailable = (detail: string) =>
  new Problem(503, 'unavailable', 'A dependency is unavailable', detail);
