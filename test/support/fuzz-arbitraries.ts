import fc from 'fast-check';
import type { JsonSchema, Operation } from './openapi';

/**
 * fast-check arbitraries for requests, read from the OpenAPI document: mostly values that fit the
 * schema (so requests get past validation into handlers), mixed with what an attacker sends: NUL, lone
 * surrogates, huge and negative numbers, wrong types, unknown keys, deep nesting and long strings.
 */

const HOSTILE_STRINGS = [
  '\u0000',
  'a\u0000b',
  '\ud800',
  'x\udfffy',
  '',
  ' ',
  '\r\n',
  '\u202e\u0007',
  'a'.repeat(10_001),
  '😀'.repeat(400),
  "'; drop table tickets; --",
  '<img src=x onerror=alert(1)>',
  '{{subject}} {{nope}}',
  '../../etc/passwd',
  '1e3',
  '0x3e8',
  '-0',
  'NaN',
];
const HOSTILE_NUMBERS = [
  2 ** 31,
  2 ** 31 - 1,
  -(2 ** 31) - 1,
  -1,
  0,
  0.5,
  1e21,
  1e308,
  -1e308,
  2 ** 53 + 2,
  5e-324,
];

/** Arrays or objects nested `depth` levels deep. */
const nested = (depth: number, object: boolean) => {
  let value: unknown = 'deep';
  for (let level = 0; level < depth; level++) value = object ? { a: value } : [value];
  return value;
};

export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(...HOSTILE_STRINGS),
  fc.constantFrom(...HOSTILE_NUMBERS),
  fc.constantFrom<unknown>(true, null, [], {}, [null]),
  fc.constantFrom(nested(40, false), nested(40, true), nested(300, false)),
  fc.constant(JSON.parse('{"__proto__":{"admin":true},"constructor":{"prototype":{"x":1}}}')),
);

const mixed = (valid: fc.Arbitrary<unknown>) =>
  fc.oneof({ weight: 12, arbitrary: valid }, { weight: 1, arbitrary: hostileValue });

const isoInstant = fc
  .integer({ min: -400, max: 400 * 24 })
  .map((hours) => new Date(Date.now() + hours * 3_600_000).toISOString());

function stringArbitrary(node: JsonSchema): fc.Arbitrary<string> {
  const max = Math.min(node.maxLength ?? 100, 100);
  if (node.format === 'date-time') return isoInstant;
  if (node.format === 'uuid') return fc.uuid();
  if (node.format === 'email')
    return fc.oneof(fc.constantFrom('fuzz@example.com', 'Fuzz.Two@example.org'), fc.emailAddress());
  if (node.pattern) {
    const matching = fc.stringMatching(new RegExp(node.pattern)).map((text) => text.slice(0, max));
    return fc.oneof(
      { weight: 4, arbitrary: matching },
      { weight: 1, arbitrary: fc.string({ maxLength: 8 }) },
    );
  }
  const lengths = [node.maxLength, node.maxLength + 1].filter((length) => length > 0 && length < 200_000);
  return fc.oneof(
    { weight: 8, arbitrary: fc.string({ unit: 'grapheme', minLength: node.minLength ?? 0, maxLength: max }) },
    { weight: 1, arbitrary: fc.constantFrom(...lengths, 1).map((length) => 'x'.repeat(length)) },
  );
}

function numberArbitrary(node: JsonSchema, integer: boolean): fc.Arbitrary<number> {
  const low = Math.max(node.minimum ?? node.exclusiveMinimum ?? -(2 ** 31), -(2 ** 31));
  const high = Math.min(node.maximum ?? node.exclusiveMaximum ?? 2 ** 31 - 1, 2 ** 31 - 1);
  if (integer)
    // Small values name rows that exist (ids 1, 2, 3…); the full range probes the edges.
    return fc.oneof(
      { weight: 3, arbitrary: fc.integer({ min: low, max: Math.min(high, low + 2) }) },
      { weight: 2, arbitrary: fc.integer({ min: low, max: Math.min(high, low + 20) }) },
      { weight: 1, arbitrary: fc.integer({ min: low, max: high }) },
    );
  return fc.double({
    min: low,
    max: high,
    minExcluded: node.exclusiveMinimum !== undefined,
    maxExcluded: node.exclusiveMaximum !== undefined,
    noNaN: true,
    noDefaultInfinity: true,
  });
}

function objectArbitrary(node: JsonSchema, depth: number): fc.Arbitrary<unknown> {
  if (node.propertyNames && typeof node.additionalProperties === 'object')
    return fc.dictionary(
      stringArbitrary(node.propertyNames),
      valueFromSchema(node.additionalProperties, depth + 1),
      { maxKeys: 4 },
    );
  const properties = Object.entries<JsonSchema>(node.properties ?? {});
  const record = fc.record(
    Object.fromEntries(properties.map(([name, property]) => [name, valueFromSchema(property, depth + 1)])),
    { requiredKeys: node.required ?? [] },
  );
  // Sometimes one key too many: strict objects must refuse it by name.
  return fc.oneof(
    { weight: 10, arbitrary: record },
    { weight: 1, arbitrary: record.map((value) => ({ ...(value as object), unexpectedKey: 1 })) },
  );
}

/** Values for `node`: mostly fitting it, sometimes hostile. */
export function valueFromSchema(node: JsonSchema, depth = 0): fc.Arbitrary<unknown> {
  if (depth > 8) return fc.constant(null);
  const parts: JsonSchema[] | undefined = node.anyOf ?? node.oneOf;
  if (parts) return mixed(fc.oneof(...parts.map((part) => valueFromSchema(part, depth + 1))));
  if (node.allOf) return valueFromSchema(node.allOf[0], depth + 1);
  if (node.enum) return mixed(fc.constantFrom(...node.enum));
  if ('const' in node) return mixed(fc.constant(node.const));
  const types: string[] = Array.isArray(node.type) ? node.type : node.type ? [node.type] : [];
  if (types.length === 0) return fc.jsonValue({ maxDepth: 2 });
  const byType = types.map((type): fc.Arbitrary<unknown> => {
    if (type === 'string') return stringArbitrary(node);
    if (type === 'integer' || type === 'number') return numberArbitrary(node, type === 'integer');
    if (type === 'boolean') return fc.boolean();
    if (type === 'null') return fc.constant(null);
    if (type === 'array')
      return fc.array(valueFromSchema(node.items ?? {}, depth + 1), {
        minLength: node.minItems ?? 0,
        maxLength: Math.min(node.maxItems ?? 4, 4),
      });
    return objectArbitrary(node, depth);
  });
  return mixed(fc.oneof(...byType));
}

/** Path segments, already URL-encoded: ids that exist, other numbers, and forms a strict parser refuses. */
const HOSTILE_SEGMENTS = [
  '0',
  '-1',
  '1e3',
  '0x3e8',
  '1000.0',
  '2147483648',
  '99999999999999999999',
  '%2B1',
  '%201',
  '01',
  '%00',
  '%ED%A0%80',
  '%E0%A4%A',
  '%F0%9F%98%80',
  '..',
  'x'.repeat(3_000),
  'null',
];

function segmentArbitrary(schema: JsonSchema, knownIds: number[]): fc.Arbitrary<string> {
  const hostile = fc.constantFrom(...HOSTILE_SEGMENTS);
  if (schema.format === 'uuid')
    return fc.oneof({ weight: 3, arbitrary: fc.uuid() }, { weight: 1, arbitrary: hostile });
  return fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...knownIds).map(String) },
    { weight: 2, arbitrary: fc.integer({ min: 1, max: 2 ** 31 - 1 }).map(String) },
    { weight: 2, arbitrary: hostile },
  );
}

function queryValue(schema: JsonSchema): fc.Arbitrary<string> {
  const fitting = valueFromSchema(schema).map((value) =>
    typeof value === 'string' ? value : (JSON.stringify(value) ?? ''),
  );
  return fc.oneof(
    { weight: 6, arbitrary: fitting },
    { weight: 1, arbitrary: fc.constantFrom('%00', '%ED%A0%80', '1e3') },
  );
}

const IDEMPOTENCY_KEYS = fc.oneof(
  { weight: 4, arbitrary: fc.uuid() },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 40 }) },
  { weight: 1, arbitrary: fc.constantFrom('k'.repeat(200), 'k'.repeat(201), 'k'.repeat(5_000), 'é', 'a b') },
);

/** A raw JSON body that no schema describes: malformed, the wrong shape, nested or too large. */
const HOSTILE_BODIES = fc.constantFrom(
  '{"subject":',
  'null',
  '"text"',
  '[1,2,3]',
  `${'['.repeat(5_000)}${']'.repeat(5_000)}`,
  JSON.stringify({ padding: 'x'.repeat(1_100_000) }),
);

/** `value` with weight `present`, else undefined with weight `absent`. */
const sometimes = <T>(value: fc.Arbitrary<T>, present: number, absent: number) =>
  fc.oneof({ weight: present, arbitrary: value }, { weight: absent, arbitrary: fc.constant(undefined) });

export interface FuzzRequest {
  method: string;
  /** Path and query, encoded. */
  url: string;
  headers: Record<string, string>;
  body?: string;
}

/** Requests for one operation; `knownIds` fill path ids so handlers reach real rows. */
export function requestArbitrary(operation: Operation, knownIds: number[]): fc.Arbitrary<FuzzRequest> {
  const pathParameters = operation.parameters.filter((parameter) => parameter.in === 'path');
  const queryParameters = operation.parameters.filter((parameter) => parameter.in === 'query');
  const takesKey = operation.parameters.some((parameter) => parameter.name === 'Idempotency-Key');
  const segments = fc.tuple(
    ...pathParameters.map((parameter) => segmentArbitrary(parameter.schema, knownIds)),
  );
  // Required parameters nearly always, each optional one now and then, an odd extra rarely.
  const query = fc.tuple(
    ...queryParameters.map((parameter) =>
      sometimes(queryValue(parameter.schema), parameter.required ? 12 : 1, 3),
    ),
    sometimes(fc.constantFrom('unknown=1', 'page=1&page=2', 'q=%00'), 1, 10),
  );
  const body =
    operation.method === 'GET'
      ? fc.constant(undefined)
      : fc.oneof(
          {
            weight: 10,
            arbitrary: valueFromSchema(operation.body ?? { type: 'object', properties: {} }).map((value) =>
              JSON.stringify(value),
            ),
          },
          { weight: 1, arbitrary: HOSTILE_BODIES },
        );
  const key = takesKey ? fc.option(IDEMPOTENCY_KEYS, { nil: undefined }) : fc.constant(undefined);
  return fc.record({ segments, query, body, key }).map(({ segments, query, body, key }) => {
    let path = operation.path;
    pathParameters.forEach((parameter, index) => {
      path = path.replace(`{${parameter.name}}`, segments[index]!);
    });
    const pairs = queryParameters.flatMap((parameter, index) => {
      const value = query[index];
      return value === undefined ? [] : [`${encodeURIComponent(parameter.name)}=${encodeQuery(value)}`];
    });
    const extra = query[queryParameters.length];
    if (extra) pairs.push(extra);
    const headers: Record<string, string> = {};
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (key !== undefined) headers['idempotency-key'] = key;
    return {
      method: operation.method,
      url: pairs.length > 0 ? `${path}?${pairs.join('&')}` : path,
      headers,
      ...(body === undefined ? {} : { body }),
    };
  });
}

/** Encodes a query value; one with lone surrogates (which encodeURIComponent refuses) goes as %ED%A0%80. */
function encodeQuery(value: string): string {
  try {
    return encodeURIComponent(value);
  } catch {
    return '%ED%A0%80';
  }
}
