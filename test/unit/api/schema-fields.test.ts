import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { digits, id, line, MAX_INT, pathId, text } from '../../../api/schema/fields';
import { idempotencyKeyProblem } from '../../../api/schema/idempotency-key';
import { findUnsafeInput, MAX_DEPTH, unsafeTextProblem } from '../../../api/schema/untrusted';

describe('numbers in paths and queries', () => {
  test('only canonical decimal digits within 1 … 2^31-1 are ids', () => {
    for (const good of ['1', '42', String(MAX_INT)]) assert.equal(pathId.parse(good), Number(good));
    for (const bad of [
      '0',
      '-1',
      '01',
      '1e3',
      '0x3e8',
      '1000.0',
      '+1',
      ' 1',
      '1 ',
      '',
      String(MAX_INT + 1),
      '9'.repeat(30),
    ])
      assert.equal(pathId.safeParse(bad).success, false, JSON.stringify(bad));
  });

  test('every integer 1 … 2^31-1 written in decimal parses to itself; digits keep their bounds', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: MAX_INT }), (n) => pathId.parse(String(n)) === n));
    assert.equal(digits(1, 100).safeParse('101').success, false);
    assert.equal(id.safeParse(MAX_INT + 1).success, false);
    assert.equal(id.safeParse(1.5).success, false);
  });
});

describe('text', () => {
  test('NUL and lone surrogates are refused, surrogate pairs are not', () => {
    assert.match(unsafeTextProblem('a\u0000b') ?? '', /NUL/);
    assert.match(unsafeTextProblem('\ud800') ?? '', /lone surrogate/);
    assert.match(unsafeTextProblem('x\udc00') ?? '', /lone surrogate/);
    assert.equal(unsafeTextProblem('emoji 😀 and ü'), null);
    assert.equal(text(100).safeParse('fine\nlines').success, true);
    assert.equal(text(100).safeParse('nul\u0000').success, false);
    assert.equal(text(100).safeParse('   ').success, false, 'blank is empty');
    assert.equal(line(100).safeParse('two\nlines').success, false);
    assert.equal(line(100).safeParse('tab\there').success, false);
  });

  test('any string with a NUL anywhere in a body is found, at its path', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), (before, after) => {
        const problems = findUnsafeInput({ a: [{ b: `${before}\u0000${after}` }] }, 'body');
        return problems.length === 1 && problems[0]!.path === 'body.a.0.b';
      }),
    );
  });

  test('unsafe keys are named escaped, and nesting deeper than the limit is refused', () => {
    assert.deepEqual(
      findUnsafeInput({ 'k\u0000': 1 }, 'body').map((problem) => problem.path),
      ['body.k\\u0000'],
    );
    let deep: unknown = 'x';
    for (let level = 0; level <= MAX_DEPTH; level++) deep = [deep];
    assert.match(findUnsafeInput(deep, 'body')[0]?.message ?? '', /nests deeper/);
  });
});

describe('the Idempotency-Key header', () => {
  test('1 to 200 visible ASCII characters', () => {
    assert.equal(idempotencyKeyProblem(undefined), null);
    assert.equal(idempotencyKeyProblem('b7c2e1d4-uuid-like'), null);
    assert.equal(idempotencyKeyProblem('k'.repeat(200)), null);
    for (const bad of ['', 'k'.repeat(201), 'two words', 'é', '\t'])
      assert.equal(idempotencyKeyProblem(bad)?.path, 'headers.Idempotency-Key', JSON.stringify(bad));
  });
});
