// GET /metrics: the Prometheus exposition (src/telemetry/metrics.ts). Open by default like most
// exporters; telemetry.metrics.requireAdmin puts it behind the admin token.

import { GatewayError } from '../../errors.js';
import { authenticateAdmin } from '../authenticate.js';
import type { Exchange } from '../exchange.js';
import type { Gateway } from '../gateway.js';

export async function handleMetrics(exchange: Exchange, gateway: Gateway): Promise<void> {
  const metrics = gateway.metrics;
  if (metrics === undefined)
    throw new GatewayError('not_found', 'Metrics are off (telemetry.metrics.enabled: false).');
  if (gateway.configs.current.telemetry.metrics.requireAdmin)
    await authenticateAdmin(exchange.request, gateway);
  const { contentType, body } = await metrics.text();
  exchange.response.writeHead(200, {
    'content-type': contentType,
    'content-length': Buffer.byteLength(body),
  });
  exchange.response.end(body);
}
