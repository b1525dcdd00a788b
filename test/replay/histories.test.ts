import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { bundleWorkflowCode, DefaultLogger, Worker } from '@temporalio/worker';
import { DeterminismViolationError } from '@temporalio/workflow';
import { loadFixtures } from '../support/histories';
import { workflowBundle } from '../support/stack';

const fixtures = loadFixtures();

describe('saved histories are the audit trail', () => {
  test('every saved history replays against the current workflow code', async () => {
    assert.ok(
      fixtures.length >= 4,
      `expected the saved histories of the integration tests, found ${fixtures.length}`,
    );
    const failures: string[] = [];
    let replayed = 0;
    const results = Worker.runReplayHistories(
      { workflowBundle: await workflowBundle() },
      fixtures.map((fixture) => ({ workflowId: fixture.workflowId, history: fixture.history })),
    );
    for await (const result of results) {
      replayed++;
      if (result.error) failures.push(`${result.workflowId}: ${result.error.message}`);
    }
    assert.deepEqual(failures, []);
    assert.equal(replayed, fixtures.length);
  });

  test('a change that alters the command sequence of running tickets is caught as nondeterminism', async () => {
    const changed = await bundleWorkflowCode({
      workflowsPath: fileURLToPath(new URL('../support/changed-workflows.ts', import.meta.url)),
      logger: new DefaultLogger('WARN'),
    });
    const fixture = fixtures.find((candidate) => candidate.name === 'ticket/active-waiting-active-closed');
    assert.ok(fixture, 'the lifecycle fixture exists');
    await assert.rejects(
      Worker.runReplayHistory({ workflowBundle: changed }, fixture.history, fixture.workflowId),
      DeterminismViolationError,
    );
  });
});
