import { z } from 'zod';
import type { ApiDeps } from '../../deps';
import { defineRoute } from '../../route';

/** Per grouping: the key, the version (policies only: each version is reported apart) and the name. */
const GROUPINGS = {
  policy: {
    key: 'c.policy_id',
    version: 'c.policy_version',
    // The name the policy had in that version, not its current one.
    name: '(select name from sla_policy_versions v where v.policy_id = c.policy_id and v.version = c.policy_version)',
  },
  department: {
    key: 'c.department_id',
    version: 'null::int',
    name: '(select name from departments d where d.id = c.department_id)',
  },
  group: {
    key: 'c.group_id',
    version: 'null::int',
    name: '(select name from groups g where g.id = c.group_id)',
  },
  agent: {
    key: 'c.agent_id',
    version: 'null::int',
    name: '(select name from staff s where s.id = c.agent_id)',
  },
} as const;

const Query = z
  .strictObject({
    from: z.iso.datetime({ offset: true }).describe('Clocks started at or after this instant.'),
    to: z.iso.datetime({ offset: true }).describe('Clocks started before this instant.'),
    by: z.enum(['policy', 'department', 'group', 'agent']).default('policy'),
  })
  .refine((query) => Date.parse(query.from) < Date.parse(query.to), {
    path: ['to'],
    message: 'must be later than from',
  });

const Percentiles = z.object({
  count: z.number().int().describe('Fulfilled clocks measured.'),
  medianMs: z.number().nullable(),
  p90Ms: z.number().nullable(),
});
const Row = z.object({
  key: z.number().int().nullable().describe('Policy, department, group or agent id; null: no agent.'),
  version: z.number().int().nullable().describe('The policy version (by=policy); null otherwise.'),
  name: z.string().nullable(),
  achieved: z.number().int(),
  breached: z.number().int(),
  targets: z.record(z.string(), z.object({ achieved: z.number().int(), breached: z.number().int() })),
  firstResponse: Percentiles.describe('Business time to the first response.'),
  resolution: Percentiles.describe('Business time to resolution.'),
});

/**
 * SLA compliance over a period, from the clocks the ticket workflows report: verdicts per target, and
 * median and 90th-percentile business time to first response and to resolution.
 */
export function slaReportRoutes(deps: ApiDeps) {
  return [
    defineRoute({
      method: 'get',
      path: '/api/reports/sla',
      tag: 'reports',
      summary: 'SLA compliance per policy, department, group or agent over a period',
      roles: ['admin', 'manager', 'auditor'],
      query: Query,
      response: z.object({ from: z.string(), to: z.string(), by: z.string(), rows: z.array(Row) }),
      handler: async ({ query, viewer }) => {
        const grouping = GROUPINGS[query.by];
        // Managers see their own departments; admins and auditors see all.
        const scoped = viewer.role === 'manager';
        const rows = await deps.knex.raw(
          `select ${grouping.key} as key, ${grouping.version} as version, ${grouping.name} as name, c.target,
                  count(*) filter (where c.state = 'achieved')::int as achieved,
                  count(*) filter (where c.state = 'breached')::int as breached,
                  count(c.fulfilled_at)::int as fulfilled,
                  percentile_cont(0.5) within group (order by c.elapsed_ms) filter (where c.fulfilled_at is not null) as median,
                  percentile_cont(0.9) within group (order by c.elapsed_ms) filter (where c.fulfilled_at is not null) as p90
             from sla_clocks c
            where c.started_at >= ? and c.started_at < ?
              ${scoped ? 'and c.department_id = any(?)' : ''}
            group by 1, 2, 3, 4
            order by 1 nulls last, 2, 4`,
          [query.from, query.to, ...(scoped ? [viewer.departmentIds] : [])],
        );
        type ReportRow = z.infer<typeof Row>;
        const byKey = new Map<string, ReportRow>();
        const none = { count: 0, medianMs: null, p90Ms: null };
        for (const row of rows.rows) {
          const id = `${row.key}/${row.version}`;
          const entry: ReportRow = byKey.get(id) ?? {
            key: row.key,
            version: row.version,
            name: row.name,
            achieved: 0,
            breached: 0,
            targets: {},
            firstResponse: none,
            resolution: none,
          };
          entry.achieved += row.achieved;
          entry.breached += row.breached;
          entry.targets[row.target] = { achieved: row.achieved, breached: row.breached };
          const measured = { count: row.fulfilled, medianMs: row.median, p90Ms: row.p90 };
          if (row.target === 'firstResponse') entry.firstResponse = measured;
          if (row.target === 'resolution') entry.resolution = measured;
          byKey.set(id, entry);
        }
        return { from: query.from, to: query.to, by: query.by, rows: [...byKey.values()] };
      },
    }),
  ];
}
