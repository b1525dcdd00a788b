import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { type Stack, testEnv } from './stack';

const root = fileURLToPath(new URL('../..', import.meta.url));

/** The real worker entry point as its own process, as `npm start` runs it, polling the stack's task queue. */
export function startWorkerProcess(stack: Pick<Stack, 'taskQueue'>): ChildProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', 'temporal/worker-main.ts'], {
    cwd: root,
    stdio: ['ignore', 'ignore', 'pipe'],
    env: {
      ...process.env,
      DATABASE_URL: testEnv.databaseUrl,
      TEMPORAL_ADDRESS: testEnv.temporalAddress,
      TEMPORAL_NAMESPACE: testEnv.namespace,
      TEMPORAL_TASK_QUEUE: stack.taskQueue,
      LOG_LEVEL: 'warn',
    },
  });
  // A worker that dies on its own (not by our SIGKILL) would leave the test waiting: say why, loudly.
  let errors = '';
  child.stderr?.on('data', (chunk) => {
    errors = (errors + chunk).slice(-8000);
  });
  child.once('exit', (code, signal) => {
    if (signal !== 'SIGKILL')
      console.error(`worker process exited (code ${code}, signal ${signal}):\n${errors.slice(-4000)}`);
  });
  return child;
}

/** Kills the worker as a crash would (SIGKILL: no draining, no goodbye to the server) and waits for it to exit. */
export async function killWorkerProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGKILL');
  await exited;
}
