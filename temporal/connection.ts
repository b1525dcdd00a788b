import { Client, Connection } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';

import type { Env } from '../config/env';

export interface TemporalSettings {
  address: string;
  namespace: string;
  taskQueue: string;
  apiKey?: string | undefined;
  tls?: boolean | undefined;
}

/** The settings of the configured server; `address` is required by then (npm start fills it in). */
export function temporalSettings(env: Env, address = env.TEMPORAL_ADDRESS): TemporalSettings {
  if (!address) throw new Error('TEMPORAL_ADDRESS is not set (npm start sets it)');
  return {
    address,
    namespace: env.TEMPORAL_NAMESPACE,
    taskQueue: env.TEMPORAL_TASK_QUEUE,
    apiKey: env.TEMPORAL_API_KEY,
    tls: env.TEMPORAL_TLS,
  };
}

function connectOptions(settings: TemporalSettings) {
  return {
    address: settings.address,
    ...(settings.apiKey ? { apiKey: settings.apiKey } : {}),
    ...(settings.tls || settings.apiKey ? { tls: true } : {}),
  };
}

export function connectTemporal(settings: TemporalSettings): Promise<Connection> {
  return Connection.connect(connectOptions(settings));
}

/** One client per process, shared by every request handler. */
export async function connectClient(settings: TemporalSettings): Promise<Client> {
  return new Client({ connection: await connectTemporal(settings), namespace: settings.namespace });
}

export function connectWorker(settings: TemporalSettings): Promise<NativeConnection> {
  return NativeConnection.connect(connectOptions(settings));
}
