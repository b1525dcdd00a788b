import { setTimeout as sleep } from 'node:timers/promises';
import type { Client } from '@temporalio/client';
import { createKnex } from '../../db/knex';
import { demoLogins } from '../../db/seed';
import { createDepartment } from '../support/department';
import {
  check,
  type Findings,
  type Outage,
  overdueCount,
  readTimers,
  type Timer,
  type TimerKind,
} from './checks';
import type { ClientOptions } from './client';
import { figures } from './figures';
import { killEachInTurn } from './kills';
import { type LoadResult, runLoad } from './load';
import { type PartName, until } from './parts/part';
import { seededRandom } from './random';
import { startFaultStack } from './stack';

export interface FaultOptions {
  seed: number;
  tickets: number;
  /** Creates spread over this window; the kills fall inside it and the timers after it. */
  windowSeconds: number;
  /** The department's duration warning and critical alert: each open ticket's two timers. */
  warningAfterSeconds: number;
  criticalAfterSeconds: number;
  concurrency: number;
  /** The parts to kill, each once (all four by default; none gives the figures of a calm run). */
  kill: PartName[];
  /** A timer that fell due in an outage must act within this of the recovery. */
  maxLatenessMs: number;
  log: (line: string) => void;
  /** Runs while the stack still serves, after the checks (the test saves a few histories here). */
  beforeStop?: (client: Client, timers: readonly Timer[]) => Promise<void>;
}

export interface FaultRun {
  problems: string[];
  figures: string[];
  /** Everything measured, for `npm run fault -- --json <file>`. */
  details: { startedAt: number; load: LoadResult; outages: Outage[]; timers: Timer[] };
}

/**
 * The fault suite: its own stack, a department whose tickets each hold two timers, a load of creates and
 * messages with idempotency keys, and meanwhile SIGKILL of the worker, the API, the Temporal dev server
 * and PostgreSQL in turn; then every ticket, message, workflow and timer is checked.
 */
export async function runFaultSuite(options: FaultOptions): Promise<FaultRun> {
  const random = seededRandom(options.seed);
  const stack = await startFaultStack();
  try {
    const setup = createKnex(stack.databaseUrl);
    const { departmentId } = await createDepartment(setup, ['alice@duradesk.test']);
    await setup.destroy();
    const manager = demoLogins.find((login) => login.role === 'manager')!;
    const login = await fetch(`${stack.apiUrl}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: manager.email, password: manager.password }),
    });
    const { token } = (await login.json()) as { token: string };
    const kinds: TimerKind[] = [
      { notice: 'duration-warning', event: 'durationWarning', afterMs: options.warningAfterSeconds * 1000 },
      {
        notice: 'duration-critical',
        event: 'durationCritical',
        afterMs: options.criticalAfterSeconds * 1000,
      },
    ];
    const timings = await fetch(`${stack.apiUrl}/api/departments/${departmentId}/ticket-timings`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({
        durationWarningAfterSeconds: options.warningAfterSeconds,
        durationCriticalAfterSeconds: options.criticalAfterSeconds,
      }),
    });
    if (timings.status !== 200) throw new Error(`ticket timings: ${timings.status} ${await timings.text()}`);

    const client: ClientOptions = {
      apiUrl: stack.apiUrl,
      token,
      attemptTimeoutMs: 15_000,
      giveUpAfterMs: 90_000,
    };
    const healthy = async () =>
      (await fetch(`${stack.apiUrl}/api/health`, { signal: AbortSignal.timeout(3_000) })).status === 200;
    // Between kills the stack must be whole and have caught up: every timer due by now has acted.
    const watch = createKnex(stack.databaseUrl, { min: 0, max: 2 });
    const settled = async () =>
      (await healthy()) && (await overdueCount(watch, departmentId, kinds, 1_000)) === 0;
    const startedAt = Date.now();
    const windowMs = options.windowSeconds * 1000;
    const loadRun = runLoad(
      client,
      { tickets: options.tickets, windowMs, concurrency: options.concurrency, departmentId },
      random,
      `s${options.seed}`,
    );
    const outages = await killEachInTurn(
      options.kill.map((name) => stack.parts[name]),
      // The first kill once the first timers are armed; the others spread over the rest of the window.
      {
        firstAfterMs: Math.min(windowMs / 5, kinds[0]!.afterMs),
        gapMs: [1_000, windowMs / 6],
        downMs: [1_000, 3_000],
      },
      random,
      settled,
      (line) => options.log(`+${((Date.now() - startedAt) / 1000).toFixed(1)} s ${line}`),
    ).finally(() => watch.destroy());
    const load: LoadResult = await loadRun;
    options.log(`+${((Date.now() - startedAt) / 1000).toFixed(1)} s load done; waiting for the last timers`);

    const knex = createKnex(stack.databaseUrl);
    try {
      const numbers = load.numbers.filter((number): number is number => number !== null);
      const read = () => readTimers(knex, numbers, kinds, outages);
      const expected = numbers.length * kinds.length;
      await until(
        'every timer acted',
        async () => {
          const timers = await read();
          return timers.length === expected && timers.every((timer) => timer.effectAt !== null);
        },
        Math.max(0, load.lastOpenAt + options.criticalAfterSeconds * 1000 - Date.now()) + 60_000,
      ).catch(() => undefined);
      // Long enough for a doubled timer (a second run of it after a crash) to show.
      await sleep(3_000);
      const timers = await read();
      await until('the stack healthy for the checks', healthy, 30_000);
      const findings: Findings = await check(
        knex,
        stack.client,
        stack.taskQueue,
        departmentId,
        load,
        timers,
        options.maxLatenessMs,
      );
      await options.beforeStop?.(stack.client, timers);
      for (const exit of stack.unexpectedExits)
        findings.problems.push(
          `${exit.part} died uninvited (code ${exit.code}, signal ${exit.signal}): ${exit.errors.slice(-500)}`,
        );
      return {
        problems: findings.problems,
        figures: figures(
          options.seed,
          startedAt,
          load,
          outages,
          timers,
          findings,
          stack.unexpectedExits.length,
        ),
        details: { startedAt, load, outages, timers },
      };
    } finally {
      await knex.destroy();
    }
  } finally {
    await stack.stop();
  }
}
