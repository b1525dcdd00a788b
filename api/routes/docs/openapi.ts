import { z } from 'zod';
import { openApiPath, type Route } from '../../route';
import { idempotencyKeyRule, MAX_IDEMPOTENCY_KEY_LENGTH } from '../../schema/idempotency-key';

const problemSchema = {
  type: 'object',
  properties: {
    type: { type: 'string' },
    title: { type: 'string' },
    status: { type: 'integer' },
    detail: { type: 'string' },
  },
  required: ['type', 'title', 'status', 'detail'],
};

const jsonSchema = (schema: z.ZodType, io: 'input' | 'output') =>
  z.toJSONSchema(schema, { io, unrepresentable: 'any' });

/** Checked on every request (api/route.ts); ticket commands and ticket creation answer a repeated key once. */
const idempotencyKeyParameter = {
  name: 'Idempotency-Key',
  in: 'header',
  required: false,
  description: `A retry with the same key is answered once (ticket creation and ticket commands). ${idempotencyKeyRule}.`,
  schema: {
    type: 'string',
    minLength: 1,
    maxLength: MAX_IDEMPOTENCY_KEY_LENGTH,
    pattern: '^[\\x21-\\x7e]+$',
  },
};

function parameters(route: Route) {
  const list: object[] = [];
  for (const [where, schema] of [
    ['path', route.params],
    ['query', route.query],
  ] as const) {
    if (!schema) continue;
    const json = jsonSchema(schema, 'input') as { properties?: Record<string, object>; required?: string[] };
    for (const [name, property] of Object.entries(json.properties ?? {})) {
      list.push({
        name,
        in: where,
        required: where === 'path' || json.required?.includes(name),
        schema: property,
      });
    }
  }
  if (route.method !== 'get') list.push(idempotencyKeyParameter);
  return list;
}

/** What a command to a ticket workflow may answer when the workflow is slow (temporal/commands/answer-in-time.ts). */
const workflowAnswers = {
  '202': {
    description:
      'Taken durably (the workflow started, or the update was accepted) but not answered in time; ' +
      '`Location` names the ticket, which shows the result once processed.',
    headers: { Location: { schema: { type: 'string' } } },
    content: {
      'application/json': {
        schema: {
          type: 'object',
          properties: {
            status: { const: 'processing' },
            ticketNumber: { type: 'integer' },
            location: { type: 'string' },
            detail: { type: 'string' },
          },
          required: ['status', 'ticketNumber', 'location', 'detail'],
        },
      },
    },
  },
  '503': {
    description:
      'Not taken in time (no worker, or Temporal unreachable): retry after `Retry-After` seconds with the ' +
      'same Idempotency-Key, which makes the retry safe.',
    headers: { 'Retry-After': { schema: { type: 'integer' } } },
    content: { 'application/problem+json': { schema: problemSchema } },
  },
};

/** The OpenAPI 3.1 document, generated from the same zod schemas that validate requests. */
export function buildOpenApi(routes: Route[]) {
  const paths: Record<string, Record<string, object>> = {};
  for (const route of routes) {
    const responses: Record<string, object> = {
      [String(route.status ?? 200)]: route.response
        ? {
            description: 'Success',
            content: { 'application/json': { schema: jsonSchema(route.response, 'output') } },
          }
        : { description: 'Success' },
      ...(route.workflowCommand ? workflowAnswers : {}),
      default: {
        description: 'A problem',
        content: { 'application/problem+json': { schema: problemSchema } },
      },
    };
    const operation = {
      summary: route.summary,
      tags: [route.tag],
      parameters: parameters(route),
      ...(route.roles ? { security: [{ bearer: [] }, { cookie: [] }], 'x-roles': route.roles } : {}),
      ...(route.body
        ? {
            requestBody: {
              required: true,
              content: { 'application/json': { schema: jsonSchema(route.body, 'input') } },
            },
          }
        : {}),
      responses,
    };
    const path = openApiPath(route.path);
    paths[path] = { ...paths[path], [route.method]: operation };
  }
  return {
    openapi: '3.1.0',
    info: { title: 'Duradesk API', version: '0.1.0' },
    components: {
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer' },
        cookie: { type: 'apiKey', in: 'cookie', name: 'duradesk_session' },
      },
    },
    paths,
  };
}
