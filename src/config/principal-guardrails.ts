// Whose guardrails apply to a request: a key's own policy (the top-level `guardrails.keys`), else
// its team's (`guardrails.teams`), else the route's. A policy replaces the route's checks whole
// (input and output), so what applies is always one list someone wrote, never a merge.

import type { GatewayConfig } from './config-schema.js';
import type { ResolvedModel } from './resolve-model.js';

export function withPrincipalGuardrails(
  config: GatewayConfig,
  route: ResolvedModel,
  principal: { keyId: string | null; teamId: string | null } | undefined,
): ResolvedModel {
  const { keys, teams } = config.guardrails;
  const policy =
    (principal?.keyId == null ? undefined : keys[principal.keyId]) ??
    (principal?.teamId == null ? undefined : teams[principal.teamId]);
  if (policy === undefined) return route;
  return { ...route, inputChecks: policy.input, outputChecks: policy.output, hold: policy.hold };
}
