// Admin API over the exact cache (used by `switchyard cache purge`): DELETE /admin/cache drops the
// admin's organisation's entries, narrowed by route, model and namespace; dropping every entry
// needs `all=true`, so a forgotten filter never empties the cache by accident.

import { z } from 'zod';
import { GatewayError } from '../../errors.js';
import { authenticateAdmin } from '../authenticate.js';
import type { Exchange } from '../exchange.js';
import type { Gateway } from '../gateway.js';
import { parseQuery } from '../parse-query.js';

const label = z.string().min(1).max(200);

const purgeQuery = z.strictObject({
  route: label.optional(),
  model: label.optional(),
  namespace: label.optional(),
  all: z.enum(['true']).optional(),
});

export async function handleAdminCache(
  exchange: Exchange,
  gateway: Gateway,
  method: string,
  query: URLSearchParams,
): Promise<void> {
  const admin = await authenticateAdmin(exchange.request, gateway);
  if (method !== 'DELETE') throw new GatewayError('method_not_allowed', 'Use DELETE on this route.');
  const filter = parseQuery(purgeQuery, query);
  const narrowed = filter.route !== undefined || filter.model !== undefined || filter.namespace !== undefined;
  if (narrowed === (filter.all === 'true')) {
    throw new GatewayError(
      'invalid_request',
      narrowed
        ? 'Give route, model or namespace, or all=true, not both.'
        : 'Say what to purge: route, model or namespace, or all=true for every entry.',
    );
  }
  const store = gateway.answers;
  const deleted =
    store === undefined
      ? 0
      : await store.purge({
          organizationId: admin.scope.organizationId,
          route: filter.route,
          model: filter.model,
          namespace: filter.namespace,
        });
  exchange.sendJson(200, JSON.stringify({ deleted }));
}
