import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { EnvError, parseEnv } from '../../../config/env';

describe('configuration', () => {
  test('defaults give an embedded setup on port 3000', () => {
    const env = parseEnv({});
    assert.equal(env.PORT, 3000);
    assert.equal(env.DATABASE_URL, undefined);
    assert.equal(env.TEMPORAL_ADDRESS, undefined);
    assert.equal(env.TEMPORAL_NAMESPACE, 'duradesk');
    assert.equal(env.publicUrl, 'http://127.0.0.1:3000');
    assert.ok(env.TEMPORAL_RETENTION_DAYS >= 30);
  });

  test('every bad value is named in one error', () => {
    assert.throws(
      () =>
        parseEnv({
          PORT: 'eighty',
          TEMPORAL_ADDRESS: 'localhost',
          TEMPORAL_RETENTION_DAYS: '7',
          TEMPORAL_TLS: 'maybe',
        }),
      (error: unknown) => {
        assert.ok(error instanceof EnvError);
        assert.match(error.message, /PORT:/);
        assert.match(error.message, /TEMPORAL_ADDRESS: must be host:port/);
        assert.match(error.message, /TEMPORAL_RETENTION_DAYS:/);
        assert.match(error.message, /TEMPORAL_TLS:/);
        return true;
      },
    );
  });

  test('empty variables count as unset', () => {
    assert.equal(parseEnv({ DATABASE_URL: '' }).DATABASE_URL, undefined);
  });
});
