import { Client, Connection } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';

export interface TemporalSettings {
  address: string;
  namespace: string;
  taskQueue: string;
  apiKey?: string | undefined;
  tls?: boolean | undefined;
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
