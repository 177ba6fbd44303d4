// The `switchyard` command tree, and runCli(), which parses argv and turns every outcome into an
// exit code. Commands live one per file in commands/; this file only wires them together.

import { readFileSync } from 'node:fs';
import { Command, CommanderError } from 'commander';
import type { CliContext } from './cli-context.js';
import { CliError } from './cli-error.js';
import { registerConfigCheck } from './commands/config-check.js';
import { registerKeysCreate } from './commands/keys-create.js';
import { registerKeysList } from './commands/keys-list.js';
import { registerKeysRevoke } from './commands/keys-revoke.js';
import { registerCachePurge } from './commands/cache-purge.js';
import { registerGuardScan } from './commands/guard-scan.js';
import { registerLogs } from './commands/logs.js';
import { registerModels } from './commands/models.js';
import { registerReviewDecision } from './commands/review-decide.js';
import { registerReviewList } from './commands/review-list.js';
import { registerReviewRedeliver } from './commands/review-redeliver.js';
import { registerReviewShow } from './commands/review-show.js';
import { registerServe } from './commands/serve.js';
import { registerUsage } from './commands/usage.js';

export function buildProgram(context: CliContext): Command {
  const program = new Command('switchyard')
    .description(
      'Self-hosted AI gateway: one OpenAI- and Anthropic-compatible endpoint in front of every model.',
    )
    .version(packageVersion(), '-v, --version')
    // Set before any subcommand exists: commander copies these settings to each one it creates.
    .exitOverride()
    .configureOutput({ writeOut: context.stdout, writeErr: context.stderr })
    .showHelpAfterError('(add --help for usage)')
    .addHelpText(
      'after',
      `
Docs: docs/configuration.md (config file, environment discovery), docs/cli.md (these commands).`,
    );
  registerServe(program, context);
  const config = program.command('config').description('Check the configuration.');
  registerConfigCheck(config, context);
  const keys = program
    .command('keys')
    .description("Manage virtual keys through a running gateway's admin API.");
  registerKeysCreate(keys, context);
  registerKeysList(keys, context);
  registerKeysRevoke(keys, context);
  const cache = program
    .command('cache')
    .description("Manage the exact cache through a running gateway's admin API.");
  registerCachePurge(cache, context);
  const guard = program
    .command('guard')
    .description("Guardrail tools: scan texts here, or with a route's checks on a running gateway.");
  registerGuardScan(guard, context);
  registerModels(program, context);
  registerLogs(program, context);
  registerUsage(program, context);
  const review = program
    .command('review')
    .description("Decide on guardrail-flagged requests through a running gateway's admin API.");
  registerReviewList(review, context);
  registerReviewShow(review, context);
  registerReviewDecision(review, context, 'approve');
  registerReviewDecision(review, context, 'reject');
  registerReviewRedeliver(review, context);
  return program;
}

/** Runs one command line (without `node` and the script) and returns the exit code. */
export async function runCli(argv: readonly string[], context: CliContext): Promise<number> {
  const program = buildProgram(context);
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return 0;
  } catch (error) {
    return reportFailure(error, context);
  }
}

async function reportFailure(error: unknown, context: CliContext): Promise<number> {
  // Commander has already printed its own message (unknown option, missing argument, help).
  if (error instanceof CommanderError) return error.exitCode;
  if (error instanceof CliError) {
    if (!error.reported) context.stderr(`error: ${error.message}\n`);
    return error.exitCode;
  }
  const { ConfigError } = await import('../config/config-error.js');
  if (error instanceof ConfigError) {
    context.stderr(`${error.message}\n`);
    return 1;
  }
  context.stderr(`error: unexpected failure: ${error instanceof Error ? error.message : String(error)}\n`);
  return 1;
}

function packageVersion(): string {
  // src/cli/ in development, dist/src/cli/ when built: the package root is two or three levels up.
  for (const relative of ['../../package.json', '../../../package.json']) {
    try {
      const manifest = JSON.parse(readFileSync(new URL(relative, import.meta.url), 'utf8')) as {
        name?: string;
        version?: string;
      };
      if (manifest.name === 'switchyard' && manifest.version) return manifest.version;
    } catch {
      // not at this level
    }
  }
  return '0.0.0';
}
