import { createInterface } from 'node:readline';
import { type Child, killHard, startChild, stopChild } from './child';
import { type ExitWatch, type Part, until } from './part';

export interface PostgresPart extends Part {
  /** Known once the first start has resolved; the same across restarts (same port, same password). */
  url(): string;
}

/**
 * The embedded PostgreSQL (db/embedded-postgres.ts) in a host process of its own (postgres-host.ts), under
 * `dir` on `port`. A kill takes out the postmaster itself; the host then exits, and a start runs a new one on
 * the same cluster, which recovers from its write-ahead log.
 */
export function postgresPart(dir: string, port: number, database: string, onExit: ExitWatch): PostgresPart {
  let host: (Child & { expectExit(): void }) | null = null;
  let postmasterPid = 0;
  let url = '';

  /** One host launch: its URL, or what it said when it exited before it was ready (the killed one's shared memory). */
  async function launch(): Promise<{ url: string } | { errors: string }> {
    let ready = false;
    const child = startChild(
      'postgres',
      'test/fault/postgres-host.ts',
      [dir, String(port), database],
      {},
      (exit) => {
        if (ready) onExit(exit);
      },
    );
    const lines = createInterface({ input: child.process.stdout! });
    const first = new Promise<string | null>((resolve) => {
      lines.once('line', resolve);
      void child.exited.then(() => resolve(null));
    });
    const line = await first;
    lines.close();
    if (line === null) return { errors: child.errors() };
    const started = JSON.parse(line) as { url: string; postmasterPid: number };
    ready = true;
    host = child;
    postmasterPid = started.postmasterPid;
    return { url: started.url };
  }

  return {
    name: 'postgres',
    url: () => url,
    async start() {
      let lastErrors = '';
      await until(
        'embedded PostgreSQL start',
        async () => {
          const started = await launch();
          if ('errors' in started) {
            lastErrors = started.errors;
            await new Promise((resolve) => setTimeout(resolve, 300));
            return false;
          }
          url = started.url;
          return true;
        },
        60_000,
      ).catch((error: Error) => {
        throw new Error(`${error.message}\n${lastErrors}`);
      });
    },
    async kill() {
      const current = host;
      if (!current) return;
      current.expectExit();
      await killHard(postmasterPid);
      await current.exited;
      host = null;
    },
    async stop() {
      if (!host) return;
      host.expectExit();
      await stopChild(host, 20_000);
      host = null;
    },
  };
}
