import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { hasUnstorableText, storableCopy, storableText } from '../../../../workflows/domain/bad-data';

describe('the safe copy of text PostgreSQL cannot store', () => {
  test('NUL and lone surrogates become U+FFFD; whole surrogate pairs and other text stay', () => {
    assert.equal(storableText('a\u0000b'), 'a\ufffdb');
    assert.equal(storableText('high \ud800 alone'), 'high \ufffd alone');
    assert.equal(storableText('low \udc00 alone'), 'low \ufffd alone');
    assert.equal(storableText('reversed \udc00\ud800'), 'reversed \ufffd\ufffd');
    assert.equal(storableText('emoji 😀 and é'), 'emoji 😀 and é');
  });

  test('a deep copy repairs every string, keys included, and leaves other values alone', () => {
    const state = {
      subject: 'x\u0000',
      customFields: { 'k\u0000': 'v\ud800' },
      timeline: [{ type: 'opened', at: 5 }],
      agentId: null,
      pinned: false,
    };
    assert.ok(hasUnstorableText(state));
    const copy = storableCopy(state);
    assert.deepEqual(copy, {
      subject: 'x\ufffd',
      customFields: { 'k\ufffd': 'v\ufffd' },
      timeline: [{ type: 'opened', at: 5 }],
      agentId: null,
      pinned: false,
    });
    assert.equal(hasUnstorableText(copy), false);
    assert.equal(state.subject, 'x\u0000', 'the original is not changed');
  });
});
