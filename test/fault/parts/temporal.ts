import type { ConnectionLike } from '@temporalio/client';
import { type DevServer, startDevServer } from '../../../temporal/dev-server';
import { killHard } from './child';
import { type ExitWatch, type Part, until } from './part';

/**
 * The Temporal dev server (temporal/dev-server.ts) on `port` with its SQLite file `dbFile`, so a kill and a
 * start on the same port keep every workflow and timer. Serving means the namespace answers again.
 */
export function temporalPart(
  options: { cliPath: string; port: number; dbFile: string; namespace: string },
  connection: () => ConnectionLike | null,
  onExit: ExitWatch,
): Part {
  let server: DevServer | null = null;
  let expected = false;
  const recent: string[] = [];

  return {
    name: 'temporal',
    async start() {
      expected = false;
      const started = await startDevServer({
        cliPath: options.cliPath,
        port: options.port,
        namespace: options.namespace,
        uiPort: null,
        dbFile: options.dbFile,
        onOutput: (line) => {
          recent.push(line);
          if (recent.length > 20) recent.shift();
        },
      });
      started.process.once('exit', (code, signal) => {
        if (!expected) onExit({ part: 'temporal', at: Date.now(), code, signal, errors: recent.join('\n') });
      });
      server = started;
      const client = connection();
      if (client)
        await until(
          'Temporal namespace after restart',
          async () => {
            await client.workflowService.describeNamespace({ namespace: options.namespace });
            return true;
          },
          60_000,
        );
    },
    async kill() {
      if (!server?.process.pid) return;
      expected = true;
      const exited = new Promise((resolve) => server!.process.once('exit', resolve));
      await killHard(server.process.pid);
      await exited;
      server = null;
    },
    async stop() {
      expected = true;
      await server?.stop();
      server = null;
    },
  };
}
