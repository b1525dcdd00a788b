import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { createKnex, migrate } from '../../db/knex';
import { seedDemoData } from '../../db/seed';
import { findTemporalCli, installTemporalCli, missingCliHelp } from '../../temporal/cli';
import { freePort } from '../../temporal/free-port';
import { ensureNamespace } from '../../temporal/namespace';
import { apiPart } from './parts/api';
import type { UnexpectedExit } from './parts/child';
import type { Part, PartName } from './parts/part';
import { postgresPart } from './parts/postgres';
import { temporalPart } from './parts/temporal';
import { type StackAddresses, workerPart } from './parts/worker';

/** The fault suite's own stack: every part a separate process it may kill, none shared with other tests. */
export interface FaultStack {
  parts: Record<PartName, Part>;
  apiUrl: string;
  databaseUrl: string;
  /** The suite's own Temporal client (reconnects by itself after the dev server comes back). */
  client: Client;
  namespace: string;
  taskQueue: string;
  /** Deaths nobody asked for: a part that dies of another part's outage is a finding. */
  unexpectedExits: UnexpectedExit[];
  stop(): Promise<void>;
}

export async function startFaultStack(): Promise<FaultStack> {
  // PostgreSQL runs as `postgres` when we are root: it must be able to enter the directory.
  const dir = mkdtempSync(path.join(tmpdir(), 'duradesk-fault-'));
  chmodSync(dir, 0o755);
  const unexpectedExits: UnexpectedExit[] = [];
  const onExit = (exit: UnexpectedExit) => {
    unexpectedExits.push(exit);
    console.error(
      `fault suite: ${exit.part} died uninvited (code ${exit.code}, signal ${exit.signal})\n${exit.errors}`,
    );
  };
  const [postgresPort, temporalPort, apiPort] = [await freePort(), await freePort(), await freePort()];
  const started: Part[] = [];
  let client: Client | null = null;

  // Ctrl-C (test/run.ts passes it on as SIGTERM) must not leave the suite's processes running.
  const onSignal = () => void stop().finally(() => process.exit(130));
  const stop = async () => {
    process.removeListener('SIGINT', onSignal);
    process.removeListener('SIGTERM', onSignal);
    for (const part of started.reverse())
      await part.stop().catch((error) => console.error(`fault suite: could not stop ${part.name}:`, error));
    await client?.connection.close().catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  try {
    const postgres = postgresPart(path.join(dir, 'postgres'), postgresPort, 'duradesk_fault', onExit);
    await postgres.start();
    started.push(postgres);
    const knex = createKnex(postgres.url());
    await migrate(knex);
    await seedDemoData(knex);
    await knex.destroy();

    const namespace = 'duradesk-fault';
    const cliPath = findTemporalCli() ?? installTemporalCli();
    if (!cliPath) throw new Error(missingCliHelp);
    const temporal = temporalPart(
      { cliPath, port: temporalPort, dbFile: path.join(dir, 'temporal.sqlite'), namespace },
      () => client?.connection ?? null,
      onExit,
    );
    await temporal.start();
    started.push(temporal);
    const address = `127.0.0.1:${temporalPort}`;
    const connection = await Connection.connect({ address });
    client = new Client({ connection, namespace });
    await ensureNamespace(connection, namespace, 30);

    const addresses: StackAddresses = {
      databaseUrl: () => postgres.url(),
      temporalAddress: address,
      namespace,
      taskQueue: 'fault',
    };
    const worker = workerPart(addresses, () => client!, onExit);
    await worker.start();
    started.push(worker);
    const api = apiPart(addresses, apiPort, onExit);
    await api.start();
    started.push(api);

    return {
      parts: { worker, api, temporal, postgres },
      apiUrl: api.url,
      databaseUrl: postgres.url(),
      client,
      namespace,
      taskQueue: addresses.taskQueue,
      unexpectedExits,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
