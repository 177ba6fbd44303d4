// GET /health (the process is alive) and GET /ready (it accepts traffic), both without a key.

import type { Exchange } from '../exchange.js';
import type { Gateway } from '../gateway.js';

export function handleHealth(exchange: Exchange): void {
  exchange.sendJson(200, '{"status":"ok"}');
}

export function handleReady(exchange: Exchange, gateway: Gateway): void {
  if (gateway.draining) {
    exchange.sendJson(503, '{"status":"draining"}', { 'retry-after': '1' });
    return;
  }
  exchange.sendJson(
    200,
    JSON.stringify({
      status: 'ready',
      configVersion: gateway.configs.version,
      inFlight: gateway.admission.active,
      eventLoopLagMs: Math.round(gateway.admission.lag * 10) / 10,
    }),
  );
}
