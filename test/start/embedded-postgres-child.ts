/**
 * Starts and stops embedded PostgreSQL in the folder given, printing one line: "started as <who>"
 * or the error. The tests run it with a PATH that has no `unshare`, as a system without user namespaces.
 */
import { startEmbeddedPostgres } from '../../db/embedded-postgres';

const [dir = '', port = ''] = process.argv.slice(2);
try {
  const database = await startEmbeddedPostgres(dir, Number(port), 'duradesk');
  await database.stop();
  console.log('started');
} catch (error) {
  console.log(`${(error as Error).constructor.name}: ${(error as Error).message}`);
}
