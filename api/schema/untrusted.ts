/**
 * The check every request passes before its route schema runs (api/route.ts): no string anywhere in
 * params, query, body (keys included) or the headers the API reads may hold NUL (PostgreSQL text cannot
 * store it) or a lone surrogate (not Unicode; it would be stored as U+FFFD, silently changed), and a body
 * may not nest deeper than any request needs. Each problem is named by its path, e.g. `body.customer.name`.
 */

/** Deeper than any request of this API (a rule's condition value is 5 levels down). */
export const MAX_DEPTH = 16;

export interface InputProblem {
  path: string;
  message: string;
}

const NUL = '\u0000';
// A surrogate that is not part of a pair (String.prototype.isWellFormed is ES2024, past our lib).
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** Why `value` is not acceptable text, or null when it is. */
export function unsafeTextProblem(value: string): string | null {
  if (value.includes(NUL)) return 'must not contain the NUL character (\\u0000)';
  if (LONE_SURROGATE.test(value)) return 'must be valid Unicode: it contains a lone surrogate';
  return null;
}

const UNSAFE = new RegExp(`${NUL}|${LONE_SURROGATE.source}`, 'g');

/** A key as it can be shown in a path: unsafe characters as `\uXXXX`, long keys cut. */
function printable(key: string): string {
  const shown = key.length > 60 ? `${key.slice(0, 60)}…` : key;
  return shown.replace(UNSAFE, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** Every problem of `value` under `path`; stops at the first few so a hostile body costs little. */
export function findUnsafeInput(value: unknown, path: string, limit = 10): InputProblem[] {
  const problems: InputProblem[] = [];
  const visit = (node: unknown, at: string, depth: number): void => {
    if (problems.length >= limit) return;
    if (typeof node === 'string') {
      const problem = unsafeTextProblem(node);
      if (problem) problems.push({ path: at, message: problem });
      return;
    }
    if (node === null || typeof node !== 'object') return;
    if (depth >= MAX_DEPTH) {
      problems.push({ path: at, message: `nests deeper than ${MAX_DEPTH} levels` });
      return;
    }
    if (Array.isArray(node)) {
      for (const [index, item] of node.entries()) visit(item, `${at}.${index}`, depth + 1);
      return;
    }
    for (const [key, item] of Object.entries(node)) {
      const keyProblem = unsafeTextProblem(key);
      if (keyProblem) problems.push({ path: `${at}.${printable(key)}`, message: `key ${keyProblem}` });
      else visit(item, `${at}.${key}`, depth + 1);
    }
  };
  visit(value, path, 0);
  return problems;
}
