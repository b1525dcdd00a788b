import { demoLogins } from '../../db/seed';

/** A healthy stack answers a login in well under a second. */
const LOGIN_TIMEOUT_MS = 30_000;

async function postJson(url: string, body: unknown, signal: AbortSignal, token?: string): Promise<unknown> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
    signal,
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`POST ${new URL(url).pathname} answered ${response.status}: ${text}`);
  return JSON.parse(text);
}

/** The demo manager: staff who may open tickets in every group. */
export async function loginAsManager(apiUrl: string): Promise<string> {
  const manager = demoLogins.find((login) => login.role === 'manager')!;
  const session = (await postJson(
    `${apiUrl}/api/auth/login`,
    { email: manager.email, password: manager.password },
    AbortSignal.timeout(LOGIN_TIMEOUT_MS),
  )) as { token: string };
  return session.token;
}

/** Opens one ticket the way a client of the API does; a new customer each time, as by email. */
export async function createTicket(
  apiUrl: string,
  token: string,
  departmentId: number,
  label: string,
  signal: AbortSignal,
) {
  await postJson(
    `${apiUrl}/api/tickets`,
    {
      subject: `Bench ticket ${label}`,
      body: 'Opened by npm run bench.',
      customer: { email: `bench-${label}@duradesk.test`, name: `Bench Customer ${label}` },
      departmentId,
    },
    signal,
    token,
  );
}
