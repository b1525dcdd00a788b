import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedCall {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/**
 * A webhook receiver on 127.0.0.1 that records every call: 204, or for `/redirect` a 302 to the cloud
 * metadata address (what a hostile receiver would answer to reach it through the worker).
 */
export async function startWebhookReceiver() {
  const calls: ReceivedCall[] = [];
  const server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => {
      body += chunk;
    });
    request.on('end', () => {
      calls.push({ path: request.url ?? '', headers: request.headers, body });
      if (request.url === '/redirect')
        response.writeHead(302, { location: 'http://169.254.169.254/latest/meta-data/' }).end();
      else response.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    url: (path = '/hook') => `http://127.0.0.1:${port}${path}`,
    calls,
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}
