import { promises as dns, type LookupAddress } from 'node:dns';
import type { LookupFunction } from 'node:net';

/** What the worker's outbound calls may reach; config/outbound-policy.ts builds it from the environment. */
export interface AddressPolicy {
  refusalOf(address: string): string | null;
  allowsHost(hostname: string): boolean;
}

/** Resolves a host name to every address it has (dns.lookup by default; tests pass their own). */
export type ResolveHost = (hostname: string) => Promise<LookupAddress[]>;

export const systemResolver: ResolveHost = (hostname) => dns.lookup(hostname, { all: true, verbatim: true });

/** An outbound call the policy refuses: never worth retrying, the address will be the same next time. */
export class AddressRefusedError extends Error {
  constructor(readonly reason: string) {
    super(`refused: ${reason}`);
    this.name = 'AddressRefusedError';
  }
}

/**
 * A `lookup` for node:http(s) that resolves once, refuses the name if any answer is forbidden, and hands
 * the socket only addresses it checked: a DNS answer that changes after the check (rebinding) is never
 * used, because nothing resolves the name again.
 */
export function guardedLookup(policy: AddressPolicy, resolve: ResolveHost): LookupFunction {
  return (hostname, options, callback) => {
    const check = async () => {
      const family = options.family === 4 || options.family === 6 ? options.family : 0;
      const answers = (await resolve(hostname)).filter((answer) => family === 0 || answer.family === family);
      if (answers.length === 0)
        throw Object.assign(new Error(`${hostname} has no address`), { code: 'ENOTFOUND' });
      if (!policy.allowsHost(hostname)) {
        for (const answer of answers) {
          const refusal = policy.refusalOf(answer.address);
          if (refusal) throw new AddressRefusedError(`${refusal}; ${hostname} resolves to it`);
        }
      }
      return answers;
    };
    check().then(
      (answers) =>
        options.all ? callback(null, answers) : callback(null, answers[0]!.address, answers[0]!.family),
      (error: NodeJS.ErrnoException) => callback(error, ''),
    );
  };
}
