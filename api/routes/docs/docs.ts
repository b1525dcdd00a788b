import { defineRoute, type Route } from '../../route';
import { buildOpenApi } from './openapi';

export function docsRoutes(routes: Route[]) {
  const document = buildOpenApi(routes);
  return [
    defineRoute({
      method: 'get',
      path: '/api/openapi.json',
      tag: 'docs',
      summary: 'This API described as OpenAPI 3.1',
      handler: async () => document,
    }),
  ];
}
