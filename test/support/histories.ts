import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Client } from '@temporalio/client';
import { historyToJSON } from '@temporalio/common/lib/proto-utils.js';

export const fixturesDir = path.resolve(import.meta.dirname, '..', 'fixtures', 'histories');

/**
 * Saves a workflow's history as `fixtures/histories/<name>.json` (the JSON the Temporal CLI and UI
 * export). An existing fixture is kept: it stands for runs made by older code, which the current code
 * must still replay. UPDATE_FIXTURES=1 rewrites them.
 */
export async function saveHistory(client: Client, workflowId: string, name: string): Promise<void> {
  const file = path.join(fixturesDir, `${name}.json`);
  if (existsSync(file) && process.env.UPDATE_FIXTURES !== '1') return;
  const history = await client.workflow.getHandle(workflowId).fetchHistory();
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, `${historyToJSON(history)}\n`);
}

export interface Fixture {
  name: string;
  workflowId: string;
  history: unknown;
}

/** Every saved history, named by its path under fixtures/histories. */
export function loadFixtures(dir = fixturesDir): Fixture[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.json'))
    .sort()
    .map((file) => ({
      name: file.replace(/\.json$/, ''),
      workflowId: file.replace(/\.json$/, ''),
      history: JSON.parse(readFileSync(path.join(dir, file), 'utf8')),
    }));
}
