/** Runs one worker process: `tsx temporal/worker-main.ts`. Scale out by running more. */
import { loadEnv } from '../config/env';
import { logger } from '../config/logger';
import { createActivityDeps } from './activity-deps';
import { connectWorker, temporalSettings } from './connection';
import { createWorker } from './worker';

const env = loadEnv();
const log = logger('worker');

if (!env.DATABASE_URL || !env.TEMPORAL_ADDRESS) {
  log.fatal('the worker needs DATABASE_URL and TEMPORAL_ADDRESS (npm start sets both)');
  process.exit(1);
}

const deps = createActivityDeps(env.DATABASE_URL, { webhookPolicy: env.WEBHOOK_ALLOWED_NETWORKS });
const connection = await connectWorker(temporalSettings(env));
const worker = await createWorker({
  connection,
  namespace: env.TEMPORAL_NAMESPACE,
  taskQueue: env.TEMPORAL_TASK_QUEUE,
  activities: deps.activities,
});

// Worker.run installs SIGINT/SIGTERM handlers that drain in-flight tasks before it resolves.
log.info({ taskQueue: env.TEMPORAL_TASK_QUEUE }, 'worker polling');
await worker.run();
await connection.close();
await deps.close();
log.info('worker stopped');
