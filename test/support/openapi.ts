/** Reading the API's own OpenAPI document (GET /api/openapi.json): its operations and request schemas. */

// biome-ignore lint/suspicious/noExplicitAny: JSON Schema is read field by field
export type JsonSchema = Record<string, any>;

export interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header';
  required?: boolean;
  schema: JsonSchema;
}

export interface Operation {
  method: string;
  /** The OpenAPI path, with `{name}` placeholders. */
  path: string;
  roles: string[] | null;
  parameters: Parameter[];
  body: JsonSchema | null;
}

// biome-ignore lint/suspicious/noExplicitAny: the document as served
export function operations(document: any): Operation[] {
  const list: Operation[] = [];
  for (const [path, methods] of Object.entries<Record<string, JsonSchema>>(document.paths)) {
    for (const [method, operation] of Object.entries(methods)) {
      list.push({
        method: method.toUpperCase(),
        path,
        roles: operation['x-roles'] ?? null,
        parameters: operation.parameters ?? [],
        body: operation.requestBody?.content?.['application/json']?.schema ?? null,
      });
    }
  }
  return list;
}

/** The largest value of a PostgreSQL `integer` column: every id and count must stay within it. */
const MAX_INT = 2_147_483_647;
const BOUNDED_FORMATS = ['date-time', 'uuid'];

/**
 * What makes a request schema unsafe, by JSON path: an object that takes unknown keys, an integer
 * beyond 32 bits, an unbounded number, string or array.
 */
export function unboundedParts(schema: JsonSchema, at: string): string[] {
  const found: string[] = [];
  const visit = (node: JsonSchema, path: string) => {
    for (const key of ['anyOf', 'oneOf', 'allOf'] as const)
      for (const [index, part] of (node[key] ?? []).entries()) visit(part, `${path}(${key} ${index})`);
    const types: string[] = Array.isArray(node.type) ? node.type : node.type ? [node.type] : [];
    if (node.enum || 'const' in node) return;
    if (types.includes('object') || node.properties) {
      const record = typeof node.additionalProperties === 'object' && node.propertyNames;
      if (node.additionalProperties !== false && !record)
        found.push(`${path}: object takes unknown keys (use a strict object)`);
      for (const [name, property] of Object.entries<JsonSchema>(node.properties ?? {}))
        visit(property, `${path}.${name}`);
      if (record) {
        visit(node.propertyNames, `${path}{key}`);
        visit(node.additionalProperties, `${path}{value}`);
      }
    }
    if (types.includes('integer') && !(node.maximum <= MAX_INT && node.minimum >= -MAX_INT - 1))
      found.push(`${path}: integer not within 32 bits (min ${node.minimum}, max ${node.maximum})`);
    if (
      types.includes('number') &&
      (node.maximum ?? node.exclusiveMaximum) === undefined &&
      (node.minimum ?? node.exclusiveMinimum) === undefined
    )
      found.push(`${path}: number without bounds`);
    if (types.includes('string') && node.maxLength === undefined && !BOUNDED_FORMATS.includes(node.format))
      found.push(`${path}: string without maxLength`);
    if (types.includes('array')) {
      if (node.maxItems === undefined) found.push(`${path}: array without maxItems`);
      if (node.items) visit(node.items, `${path}[]`);
    }
  };
  visit(schema, at);
  return found;
}
