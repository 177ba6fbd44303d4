// Admin API for virtual keys (used by `switchyard keys ...`): create (the key is shown once),
// list, revoke. Every call is scoped to the admin's organisation.

import { maxMetadataBytes } from '../../storage/keys-store.js';
import { z } from 'zod';
import { GatewayError } from '../../errors.js';
import { authenticateAdmin } from '../authenticate.js';
import type { Exchange } from '../exchange.js';
import type { Gateway } from '../gateway.js';
import { readJsonBody } from '../read-body.js';
import { toKeyView } from '../key-view.js';

/** The key store's own limits, checked here so they are 400s naming the field. */
const scopeId = z
  .string()
  .min(1)
  .max(200)
  .refine((value) => value.trim() !== '', { message: 'must not be blank' });

const createBody = z.strictObject({
  name: z.string().trim().min(1).max(200),
  kind: z.enum(['virtual', 'admin']).default('virtual'),
  teamId: scopeId.nullish(),
  projectId: scopeId.nullish(),
  expiresAt: z.iso.datetime({ offset: true }).nullish(),
  metadata: z
    .record(z.string(), z.unknown())
    .refine((metadata) => Buffer.byteLength(JSON.stringify(metadata)) <= maxMetadataBytes, {
      message: `must be at most ${maxMetadataBytes} bytes as JSON`,
    })
    .optional(),
});

export async function handleAdminKeys(
  exchange: Exchange,
  gateway: Gateway,
  method: string,
  id: string | undefined,
  query: URLSearchParams,
): Promise<void> {
  const admin = await authenticateAdmin(exchange.request, gateway);
  const organizationId = admin.scope.organizationId;
  if (method === 'POST' && id === undefined) {
    const parsed = createBody.safeParse(await readJsonBody(exchange.request, 64 * 1024));
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const path = issue?.path.join('.') ?? '';
      throw new GatewayError(
        'invalid_request',
        `${path ? `${path}: ` : ''}${issue?.message ?? 'invalid body'}`,
        {
          param: path || undefined,
        },
      );
    }
    const { key, record } = await gateway.authenticator.createKey({
      name: parsed.data.name,
      kind: parsed.data.kind,
      scope: { organizationId, teamId: parsed.data.teamId ?? null, projectId: parsed.data.projectId ?? null },
      expiresAt: parsed.data.expiresAt ? new Date(parsed.data.expiresAt) : null,
      metadata: parsed.data.metadata ?? {},
    });
    exchange.sendJson(201, JSON.stringify({ key, record: toKeyView(record) }));
    return;
  }
  if (method === 'GET' && id === undefined) {
    const rows = await gateway.authenticator.store.list({
      organizationId,
      includeRevoked: query.get('includeRevoked') === 'true',
    });
    exchange.sendJson(200, JSON.stringify({ data: rows.map(toKeyView) }));
    return;
  }
  if (method === 'DELETE' && id !== undefined) {
    const revoked = await gateway.authenticator.revoke(id, organizationId);
    if (!revoked) throw new GatewayError('not_found', `No active key with id "${id}".`);
    exchange.sendJson(200, JSON.stringify({ id, revoked: true }));
    return;
  }
  throw new GatewayError('method_not_allowed', `${method} is not allowed here.`);
}
