import assert from 'node:assert/strict';
import { test } from 'node:test';
import { bundleWorkflowCode } from '@temporalio/worker';
import { workflowsPath } from '../../../temporal/worker';

// The bundler refuses workflow code that reaches Node built-ins or I/O: the third determinism guard.
test('the workflows bundle for the worker sandbox', async () => {
  const { code } = await bundleWorkflowCode({
    workflowsPath,
    logger: { log() {}, trace() {}, debug() {}, info() {}, warn() {}, error() {} },
  });
  assert.match(code, /ticketWorkflow/);
});
