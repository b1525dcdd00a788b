import { type ChildProcess, type SpawnOptions, spawn, spawnSync } from 'node:child_process';
import { chownSync, existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

/**
 * How the embedded PostgreSQL binaries run. PostgreSQL refuses to run as root, so as root we run
 * it inside a user namespace in which we appear as an ordinary user: the kernel still treats its
 * file access as ours (the owner), so the clone and DATA_DIR may sit in folders nobody else can
 * enter (root's home, `mktemp -d`), and nothing needs a chown.
 */
export interface PostgresLauncher {
  /** What it runs as, for the log. */
  describe: string;
  /** Hands files to the user PostgreSQL runs as (the folder initdb creates the cluster in, its password file). */
  prepare(files: string[]): void;
  spawn(binary: string, args: string[], options: SpawnOptions): ChildProcess;
}

interface Account {
  name: string;
  uid: number;
  gid: number;
}

function accounts(): Account[] {
  return readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .map((line) => line.split(':'))
    .filter((fields) => fields.length >= 4)
    .map(([name, , uid, gid]) => ({ name: name ?? '', uid: Number(uid), gid: Number(gid) }));
}

/**
 * The name PostgreSQL sees inside the namespace; initdb looks its uid up in /etc/passwd, so it
 * must be a real entry (`postgres` if present, else `nobody` or any non-root account).
 */
function namespaceAccount(): Account | null {
  const all = accounts().filter((account) => account.uid > 0);
  return (
    all.find((account) => account.name === 'postgres') ??
    all.find((account) => account.name === 'nobody') ??
    all[0] ??
    null
  );
}

function userNamespaceWorks(account: Account): boolean {
  const probe = spawnSync(
    'unshare',
    ['--user', `--map-user=${account.uid}`, `--map-group=${account.gid}`, 'true'],
    { stdio: 'ignore', timeout: 10_000 },
  );
  return probe.status === 0;
}

/** The first parent folder that `uid` could not enter, if any. */
function closedParent(dir: string, uid: number): string | null {
  for (let folder = path.dirname(path.resolve(dir)); ; folder = path.dirname(folder)) {
    const { mode, uid: owner } = statSync(folder);
    if (owner !== uid && (mode & 0o001) === 0) return folder;
    if (folder === path.dirname(folder)) return null;
  }
}

const asUser = (account: Account, what: string): PostgresLauncher => ({
  describe: `${what} (uid ${account.uid})`,
  prepare: (files) => {
    for (const file of files) chownSync(file, account.uid, account.gid);
  },
  spawn: (binary, args, options) => spawn(binary, args, { ...options, uid: account.uid, gid: account.gid }),
});

export class PostgresLaunchError extends Error {}

/**
 * Chooses how to run PostgreSQL over the cluster in `dataDir` (which may not exist yet). Throws a
 * PostgresLaunchError with one line saying what to do when no way works.
 */
export function postgresLauncher(dataDir: string, binaries: string[]): PostgresLauncher {
  const uid = process.getuid?.() ?? -1;
  if (uid !== 0) return { describe: 'the current user', prepare: () => undefined, spawn };

  // A cluster made by earlier versions, owned by the `postgres` user: keep running it as that user.
  const owner = existsSync(dataDir) ? statSync(dataDir).uid : 0;
  if (owner !== 0) {
    const account = accounts().find((entry) => entry.uid === owner);
    const closed = [dataDir, ...binaries].map((file) => closedParent(file, owner)).find(Boolean);
    if (!account || closed) {
      throw new PostgresLaunchError(
        `The embedded PostgreSQL cluster in ${dataDir} belongs to uid ${owner}, which cannot reach it` +
          `${closed ? ` (${closed} is closed to others)` : ''}: run \`chown -R root:root ${dataDir}\`, ` +
          'or set DATABASE_URL to a PostgreSQL of your own.',
      );
    }
    return asUser(account, `the cluster's owner ${account.name}`);
  }

  const account = namespaceAccount();
  if (account && userNamespaceWorks(account)) {
    return {
      describe: `root, seen as ${account.name} inside a user namespace`,
      prepare: () => undefined,
      spawn: (binary, args, options) =>
        spawn(
          'unshare',
          ['--user', `--map-user=${account.uid}`, `--map-group=${account.gid}`, binary, ...args],
          options,
        ),
    };
  }
  // No user namespaces: as before, run as the `postgres` user, who must be able to reach everything.
  const postgres = accounts().find((entry) => entry.name === 'postgres');
  const closed =
    postgres && [dataDir, ...binaries].map((file) => closedParent(file, postgres.uid)).find(Boolean);
  if (!postgres || closed) {
    throw new PostgresLaunchError(
      'PostgreSQL does not run as root, and this system allows no user namespaces (unshare --user) ' +
        `${postgres ? `while the "postgres" user cannot enter ${closed}` : 'nor has a "postgres" user'}: ` +
        'set DATABASE_URL to a PostgreSQL of your own, or put the clone and DATA_DIR where others may enter (chmod o+x), or run as an ordinary user.',
    );
  }
  return asUser(postgres, 'the postgres user');
}
