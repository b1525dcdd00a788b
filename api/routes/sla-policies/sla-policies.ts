import { z } from 'zod';
import { missingReferences } from '../../../db/references';
import { createVersioned, updateVersioned, type Versioned } from '../../../db/versioned';
import type { ApiDeps } from '../../deps';
import { invalidBecause, notFound } from '../../errors';
import { defineRoute } from '../../route';
import { referencedIds } from '../../schema/conditions';
import { idParams } from '../../schema/fields';
import { PolicyBody, PolicyView, targetsInSeconds, targetsToMs } from './schema';

const Params = idParams('id');
const policies: Versioned = {
  table: 'slaPolicies',
  versions: 'slaPolicyVersions',
  key: 'policyId',
  noun: 'SLA policy',
};

// biome-ignore lint/suspicious/noExplicitAny: a database row
const present = (row: any) => ({
  id: row.id ?? row.policyId,
  name: row.name,
  position: row.position,
  enabled: row.enabled,
  version: row.version,
  conditions: row.conditions,
  targets: targetsInSeconds(row.targets),
  updatedAt: new Date(row.updatedAt ?? row.createdAt).toISOString(),
});

export function slaPolicyRoutes(deps: ApiDeps) {
  const live = () => deps.knex('slaPolicies').whereNull('deletedAt');
  const find = async (id: number) => {
    const row = await live().where({ id }).first();
    if (!row) throw notFound(`SLA policy ${id} does not exist.`);
    return row;
  };
  const check = async (body: PolicyBody) => {
    const missing = await missingReferences(
      deps.knex,
      referencedIds(body.conditions).map((reference) => ({ ...reference, path: 'body.conditions' })),
    );
    if (missing.length > 0) throw invalidBecause(missing);
  };
  /** The definition as stored, in milliseconds; every edit keeps a copy under its version. */
  const definition = (body: PolicyBody) => ({
    name: body.name,
    conditions: JSON.stringify(body.conditions),
    targets: JSON.stringify(targetsToMs(body.targets)),
  });

  return [
    defineRoute({
      method: 'get',
      path: '/api/sla-policies',
      tag: 'sla-policies',
      summary: 'SLA policies in the order they are tried',
      roles: ['admin', 'manager', 'agent', 'auditor'],
      response: z.array(PolicyView),
      handler: async () => (await live().orderBy('position').orderBy('id')).map(present),
    }),
    defineRoute({
      method: 'post',
      path: '/api/sla-policies',
      tag: 'sla-policies',
      summary: 'Define an SLA policy: conditions, and first-response, next-response and resolution targets',
      roles: ['admin', 'manager'],
      body: PolicyBody,
      response: PolicyView,
      status: 201,
      handler: async ({ body, viewer }) => {
        await check(body);
        const created = await createVersioned(deps.knex, policies, definition(body), body, {}, viewer.id);
        await deps.tickets.announceAutomationChange();
        return present(created);
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/sla-policies/:id',
      tag: 'sla-policies',
      summary: 'One SLA policy, current version',
      roles: ['admin', 'manager', 'agent', 'auditor'],
      params: Params,
      response: PolicyView,
      handler: async ({ params }) => present(await find(params.id)),
    }),
    defineRoute({
      method: 'put',
      path: '/api/sla-policies/:id',
      tag: 'sla-policies',
      summary: 'Edit a policy: a new version; open tickets move to it and recompute their due times',
      roles: ['admin', 'manager'],
      params: Params,
      body: PolicyBody,
      response: PolicyView,
      handler: async ({ params, body, viewer }) => {
        await check(body);
        const updated = await updateVersioned(
          deps.knex,
          policies,
          params.id,
          definition(body),
          body,
          viewer.id,
        );
        if (!updated) throw notFound(`${policies.noun} ${params.id} does not exist.`);
        await deps.tickets.announceAutomationChange();
        return present(updated);
      },
    }),
    defineRoute({
      method: 'delete',
      path: '/api/sla-policies/:id',
      tag: 'sla-policies',
      summary: 'Retire a policy; open tickets select again, closed ones keep the version they ran under',
      roles: ['admin', 'manager'],
      params: Params,
      status: 204,
      handler: async ({ params }) => {
        await find(params.id);
        await deps.knex('slaPolicies').where({ id: params.id }).update({ deletedAt: deps.knex.fn.now() });
        await deps.tickets.announceAutomationChange();
        return null;
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/sla-policies/:id/versions',
      tag: 'sla-policies',
      summary:
        'Every version of a policy, oldest first (tickets and reports name the version they ran under)',
      roles: ['admin', 'manager', 'agent', 'auditor'],
      params: Params,
      response: z.array(PolicyView.omit({ position: true, enabled: true })),
      handler: async ({ params }) => {
        const rows = await deps.knex('slaPolicyVersions').where({ policyId: params.id }).orderBy('version');
        if (rows.length === 0) throw notFound(`SLA policy ${params.id} does not exist.`);
        return rows.map((row) => {
          const { position: _, enabled: __, ...view } = present(row);
          return view;
        });
      },
    }),
  ];
}
