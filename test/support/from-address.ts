import { request as httpRequest } from 'node:http';
import type { Answer } from './stack';

let next = 0;
const base = 1 + Math.floor(Math.random() * 200);

/**
 * A loopback address of its own (127.x.y.z; all of 127/8 is loopback on Linux), so a test's requests
 * come from a client address no other test file uses while they share the rate-limit counters.
 */
export function freshAddress(): string {
  next += 1;
  return `127.${base}.${Math.floor(next / 250)}.${1 + (next % 250)}`;
}

/** One JSON request to `url` sent from `localAddress`. */
export function requestFrom(
  localAddress: string,
  url: string,
  method: string,
  path: string,
  options: { body?: unknown; headers?: Record<string, string> } = {},
): Promise<Answer> {
  const payload = options.body === undefined ? undefined : JSON.stringify(options.body);
  return new Promise((resolve, reject) => {
    const sent = httpRequest(
      `${url}${path}`,
      {
        method,
        localAddress,
        agent: false,
        headers: {
          ...(payload === undefined ? {} : { 'content-type': 'application/json' }),
          ...options.headers,
        },
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          const headers = new Headers();
          for (const [name, value] of Object.entries(response.headers)) {
            if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
          }
          const type = headers.get('content-type') ?? '';
          resolve({
            status: response.statusCode ?? 0,
            body: type.includes('json') ? JSON.parse(text) : text,
            headers,
          });
        });
        response.on('error', reject);
      },
    );
    sent.on('error', reject);
    sent.end(payload);
  });
}
