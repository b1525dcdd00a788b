import { z } from 'zod';
import type { ApiDeps } from '../../deps';
import { conflict, notFound } from '../../errors';
import { defineRoute } from '../../route';
import { idParams, line } from '../../schema/fields';

const Params = idParams('id');
const OrganizationBody = z.strictObject({
  name: line(200),
  domains: z
    .array(
      z
        .string()
        .trim()
        .max(253, 'is too long for a domain')
        .toLowerCase()
        .regex(/^[a-z0-9-]+(\.[a-z0-9-]+)+$/, 'is not an email domain'),
    )
    .max(100, 'at most 100 domains')
    .default([])
    .describe('Customers whose email is at one of these domains belong to the organization.'),
});
const OrganizationView = OrganizationBody.extend({ id: z.number().int() });

const present = (row: { id: number; name: string; domains: string[] }) => ({
  id: row.id,
  name: row.name,
  domains: row.domains,
});

/** Organizations group customers by email domain; SLA policies and rules can match on them. */
export function organizationRoutes(deps: ApiDeps) {
  const save = async (body: z.infer<typeof OrganizationBody>, id?: number) => {
    const taken = await deps
      .knex('organizations')
      .where({ name: body.name })
      .whereNot({ id: id ?? 0 })
      .first('id');
    if (taken) throw conflict(`An organization named "${body.name}" exists already.`);
    const row = { name: body.name, domains: JSON.stringify(body.domains) };
    const [saved] =
      id === undefined
        ? await deps.knex('organizations').insert(row).returning('*')
        : await deps.knex('organizations').where({ id }).update(row).returning('*');
    if (!saved) throw notFound(`Organization ${id} does not exist.`);
    return present(saved);
  };
  return [
    defineRoute({
      method: 'get',
      path: '/api/organizations',
      tag: 'organizations',
      summary: 'Organizations and the email domains of their customers',
      roles: ['admin', 'manager', 'agent', 'auditor'],
      response: z.array(OrganizationView),
      handler: async () => (await deps.knex('organizations').orderBy('name')).map(present),
    }),
    defineRoute({
      method: 'post',
      path: '/api/organizations',
      tag: 'organizations',
      summary: 'Define an organization; new customers at its domains belong to it',
      roles: ['admin', 'manager'],
      body: OrganizationBody,
      response: OrganizationView,
      status: 201,
      handler: async ({ body }) => save(body),
    }),
    defineRoute({
      method: 'put',
      path: '/api/organizations/:id',
      tag: 'organizations',
      summary: 'Rename an organization or change its domains',
      roles: ['admin', 'manager'],
      params: Params,
      body: OrganizationBody,
      response: OrganizationView,
      // Tickets keep the organization their customer had when they opened.
      handler: async ({ params, body }) => save(body, params.id),
    }),
  ];
}
