// POST /admin/guard/scan (used by `switchyard guard scan --route`): the verdicts of up to 100 texts
// outside any request — what the detectors find, with offsets, and with `route` what that route's
// input checks in the live config would do. External checks are never called from here.

import { z } from 'zod';
import type { GatewayConfig } from '../../config/config-schema.js';
import type { InputCheck } from '../../config/guardrails-schema.js';
import { resolveModel, servedNames } from '../../config/resolve-model.js';
import { GatewayError } from '../../errors.js';
import { authenticateAdmin } from '../authenticate.js';
import type { Exchange } from '../exchange.js';
import type { Gateway } from '../gateway.js';
import { readJsonBody } from '../read-body.js';
import { scanTexts } from '../scan-texts.js';
import { toValidationError } from '../validation-error.js';

/** More texts go in more calls (the CLI sends 100 at a time). */
const maxScanTexts = 100;

const scanBody = z.strictObject({
  texts: z
    .array(z.strictObject({ text: z.string(), mode: z.enum(['user', 'document']).default('user') }))
    .min(1)
    .max(maxScanTexts),
  route: z.string().min(1).max(200).optional(),
});

export async function handleAdminGuardScan(
  exchange: Exchange,
  gateway: Gateway,
  method: string,
): Promise<void> {
  await authenticateAdmin(exchange.request, gateway);
  if (method !== 'POST') throw new GatewayError('method_not_allowed', 'Use POST on this route.');
  const config = gateway.configs.current;
  const body = await readJsonBody(exchange.request, config.server.bodyLimit);
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new GatewayError(
      'invalid_request',
      'The body must be a JSON object: {"texts": [{"text": "...", "mode": "user" | "document"}], "route"?: "..."}.',
    );
  }
  const parsed = scanBody.safeParse(body);
  if (!parsed.success) throw toValidationError(parsed.error, body);
  const { texts, route } = parsed.data;
  const checks = route === undefined ? undefined : routeChecks(config, route);
  const verdicts = await scanTexts({ texts, checks });
  exchange.sendJson(200, JSON.stringify({ data: verdicts }));
}

/** The input checks of the chat route a model name resolves to (an alias or a pattern's match). */
function routeChecks(config: GatewayConfig, route: string): readonly InputCheck[] {
  const resolved = resolveModel(config, route, 'chat');
  if (resolved !== undefined) return resolved.inputChecks;
  const served = servedNames(config, 'chat');
  throw new GatewayError(
    'not_found',
    `No chat route "${route}" in the live config. Routes: ${served.length > 0 ? served.join(', ') : 'none'}.`,
    { param: 'route' },
  );
}
