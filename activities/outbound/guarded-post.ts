import http from 'node:http';
import https from 'node:https';
import { isIP } from 'node:net';
import { type AddressPolicy, AddressRefusedError, guardedLookup, type ResolveHost } from './guarded-lookup';

export interface GuardedPost {
  url: string;
  headers: Record<string, string>;
  body: string;
  timeoutMs: number;
}

export interface OutboundGuard {
  policy: AddressPolicy;
  resolve: ResolveHost;
}

/** The receiver's answer; redirects are reported, never followed (the next hop would skip the check). */
export interface PostAnswer {
  status: number;
  location: string | undefined;
}

/**
 * POSTs `body` to a URL a user supplied, only to an address the policy allows: an IP literal is checked
 * here (sockets skip lookup for literals), a name by the guarded lookup, which the socket connects with.
 * Throws AddressRefusedError when refused, the network error otherwise.
 */
export async function guardedPost(request: GuardedPost, guard: OutboundGuard): Promise<PostAnswer> {
  const url = new URL(request.url);
  // WHATWG URL has already turned 2130706433, 0x7f.1 or 0177.0.0.1 into 127.0.0.1.
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  if (isIP(host) !== 0 && !guard.policy.allowsHost(host)) {
    const refusal = guard.policy.refusalOf(host);
    if (refusal) throw new AddressRefusedError(refusal);
  }
  const client = url.protocol === 'https:' ? https : http;
  const signal = AbortSignal.timeout(request.timeoutMs);
  return new Promise<PostAnswer>((resolve, reject) => {
    const outgoing = client.request(
      {
        protocol: url.protocol,
        hostname: host,
        port: url.port || undefined,
        path: `${url.pathname}${url.search}`,
        auth: url.username
          ? `${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`
          : undefined,
        method: 'POST',
        headers: { ...request.headers, 'content-length': String(Buffer.byteLength(request.body)) },
        lookup: guardedLookup(guard.policy, guard.resolve),
        // A socket of its own: a pooled one may have been checked under another policy.
        agent: false,
        signal,
      },
      (response) => {
        response.on('error', () => undefined);
        response.resume();
        resolve({ status: response.statusCode ?? 0, location: response.headers.location });
      },
    );
    outgoing.on('error', (error) =>
      reject(signal.aborted ? new Error(`no answer within ${request.timeoutMs / 1000} s`) : error),
    );
    outgoing.end(request.body);
  });
}
