// The --url and --admin-token options every `keys` command shares, and the client they build.
// Defaults come from the context's env (not commander's .env()), so tests control them.

import type { Command } from 'commander';
import type { AdminClient } from './admin-client.js';
import type { CliContext } from './cli-context.js';

export interface AdminOptions {
  url?: string;
  adminToken?: string;
  json?: boolean;
}

export const defaultGatewayUrl = 'http://127.0.0.1:8787';

export function addAdminOptions(command: Command): Command {
  return addGatewayOptions(command).option('--json', 'print JSON only');
}

/** --url and --admin-token alone, for a command whose --json means something of its own. */
export function addGatewayOptions(command: Command): Command {
  return command
    .option('--url <url>', `the running gateway (default: $SWITCHYARD_URL or ${defaultGatewayUrl})`)
    .option('--admin-token <token>', 'admin credential (default: $SWITCHYARD_ADMIN_TOKEN)');
}

/** Loaded on use so `--help` does not pay for the HTTP client. */
export async function adminClient(options: AdminOptions, context: CliContext): Promise<AdminClient> {
  const { AdminClient } = await import('./admin-client.js');
  return new AdminClient({
    url: options.url ?? context.env.SWITCHYARD_URL ?? defaultGatewayUrl,
    token: options.adminToken ?? context.env.SWITCHYARD_ADMIN_TOKEN,
  });
}
