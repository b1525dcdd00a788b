import { bodyParser } from '@koa/bodyparser';
import Router from '@koa/router';
import Koa from 'koa';
import type { ApiDeps } from './deps';
import { DEFAULT_REQUEST_TIMEOUT_MS, deadline } from './middleware/deadline';
import { problems } from './middleware/problems';
import { apiRateLimit } from './middleware/rate-limit';
import { requestLog } from './middleware/request-log';
import { securityHeaders } from './middleware/security-headers';
import { mountRoutes, type Route } from './route';
import { authRoutes } from './routes/auth/auth';
import { automationRuleRoutes } from './routes/automation-rules/automation-rules';
import { webhookDeliveryRoutes } from './routes/automation-rules/deliveries';
import { calendarRoutes } from './routes/calendars/calendars';
import { departmentRoutes } from './routes/departments/departments';
import { docsRoutes } from './routes/docs/docs';
import { groupRoutes } from './routes/groups/groups';
import { healthRoutes } from './routes/health/health';
import { organizationRoutes } from './routes/organizations/organizations';
import { notificationProfileRoutes } from './routes/profile/notification-profile';
import { slaReportRoutes } from './routes/reports/sla-report';
import { slaPolicyRoutes } from './routes/sla-policies/sla-policies';
import { staffUnlockRoutes } from './routes/staff/unlock';
import { ticketChangeRoutes } from './routes/tickets/changes';
import { ticketLinkRoutes } from './routes/tickets/links';
import { ticketCommandRoutes } from './routes/tickets/ticket-commands';
import { ticketRoutes } from './routes/tickets/tickets';
import { serveWeb } from './web';

/** The Koa app without listen(), so tests drive it on an ephemeral port with the real dependencies. */
export function createApp(deps: ApiDeps): Koa {
  const routes: Route[] = [
    ...healthRoutes(deps),
    ...authRoutes(deps),
    ...notificationProfileRoutes(deps),
    ...ticketRoutes(deps),
    ...ticketCommandRoutes(deps),
    ...ticketLinkRoutes(deps),
    ...ticketChangeRoutes(deps),
    ...departmentRoutes(deps),
    ...groupRoutes(deps),
    ...calendarRoutes(deps),
    ...organizationRoutes(deps),
    ...slaPolicyRoutes(deps),
    ...automationRuleRoutes(deps),
    ...webhookDeliveryRoutes(deps),
    ...slaReportRoutes(deps),
    ...staffUnlockRoutes(deps),
  ];
  routes.push(...docsRoutes(routes));

  const router = new Router();
  mountRoutes(router, routes, deps.sessions);

  // X-Forwarded-For names the client only when set by our own proxies: the last `hops` entries.
  const hops = deps.protection.settings.trustedProxyHops;
  const app = new Koa({ proxy: hops > 0, maxIpsCount: hops });
  app.use(requestLog(deps.log));
  app.use(securityHeaders(deps.protection.settings));
  app.use(problems(deps.log));
  app.use(deadline(deps.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS, deps.log));
  app.use(apiRateLimit(deps.protection));
  app.use(bodyParser({ enableTypes: ['json'], jsonLimit: '1mb' }));
  app.use(router.routes());
  app.use(router.allowedMethods());
  app.use(serveWeb());
  return app;
}
