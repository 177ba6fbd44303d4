// `switchyard serve`: load the config, apply flag overrides, start the gateway (loaded lazily, so
// --help stays fast) and shut it down gracefully on SIGTERM / SIGINT. Holds no server logic.

import path from 'node:path';
import type { Command } from 'commander';
import type { GatewayConfig } from '../../config/config-schema.js';
import type { CliContext, RunningGateway, ServerModule } from '../cli-context.js';
import { CliError } from '../cli-error.js';
import { loadChosenConfig } from '../config-source.js';

interface ServeOptions {
  config?: string;
  host?: string;
  port?: string;
  dataDir?: string;
}

export function registerServe(program: Command, context: CliContext): void {
  program
    .command('serve')
    .description('Start the gateway: the OpenAI- and Anthropic-compatible API and the admin API.')
    .option(
      '--config <path>',
      'config file (default: $SWITCHYARD_CONFIG, else ./switchyard.yaml if present, else discover providers from environment variables)',
    )
    .option('--host <host>', 'interface to listen on, e.g. 0.0.0.0 (overrides server.host)')
    .option('--port <port>', 'TCP port, 0 for any free one (overrides server.port)')
    .option('--data-dir <path>', 'folder for the SQLite file and server secret (overrides storage.dataDir)')
    .addHelpText(
      'after',
      `
Examples:
  $ OPENAI_API_KEY=sk-... switchyard serve          serve OpenAI models with no config file
  $ switchyard serve --config switchyard.yaml --port 8080
  $ kill -HUP <pid>                                 reload the config file without a restart`,
    )
    .action((options: ServeOptions) => serve(options, context));
}

async function serve(options: ServeOptions, context: CliContext): Promise<void> {
  const loaded = await loadChosenConfig(options.config, context);
  const config = applyOverrides(loaded.config, options, context.cwd);
  context.stdout(`Config: ${loaded.sourceName}\n`);
  warnAboutModels(config, loaded.sourceName, context);
  tuneHeap(config.server.heapGrowthPercent, context);
  const server = await loadServer(context);
  let gateway: RunningGateway;
  try {
    gateway = await server.startGateway({
      config,
      ...(loaded.configPath === undefined ? {} : { configPath: loaded.configPath }),
      // The gateway prints its address, the first credentials and the requireKey warning itself.
      log: (line) => context.stdout(`${line}\n`),
      // The CLI owns the process: it decides how signals end it (see stopOnSignal).
      handleSignals: false,
    });
  } catch (error) {
    throw listenError(error, config) ?? error;
  }
  stopOnSignal(gateway, config, context);
}

/**
 * The serving process's heap schedule. Left to itself V8 lets a busy heap grow to as much as four
 * times what a full collection keeps, and a gateway under load keeps little (its requests are
 * short-lived): the garbage of a load burst then stays resident. At 50% the core benchmark's peak
 * with 256 open streams (default cache on) was 192–197 MB against 228–242 MB, for about 3–10% more
 * CPU per request (docs/benchmarks.md#memory-and-the-heap-schedule). A process-wide V8 flag, so
 * it is the CLI's to set, not the gateway's (tests start many gateways in one process).
 */
function tuneHeap(percent: number, context: CliContext): void {
  if (percent > 0) context.setV8Flags(`--heap-growing-percent=${percent}`);
}

/** --host, --port and --data-dir over the loaded config. A sqlitePath derived from dataDir follows it. */
export function applyOverrides(config: GatewayConfig, options: ServeOptions, cwd: string): GatewayConfig {
  const server = { ...config.server };
  if (options.host !== undefined) {
    if (options.host.trim() === '') throw new CliError('--host cannot be empty');
    server.host = options.host;
  }
  if (options.port !== undefined) server.port = parsePort(options.port);
  let storage = config.storage;
  if (options.dataDir !== undefined) {
    const dataDir = path.resolve(cwd, options.dataDir);
    const derived =
      path.resolve(cwd, storage.sqlitePath) === path.resolve(cwd, storage.dataDir, 'switchyard.db');
    storage = {
      ...storage,
      dataDir,
      sqlitePath: derived ? path.join(dataDir, 'switchyard.db') : storage.sqlitePath,
    };
  }
  return { ...config, server, storage };
}

function parsePort(text: string): number {
  const port = /^\d+$/.test(text.trim()) ? Number(text) : Number.NaN;
  if (!Number.isInteger(port) || port > 65_535)
    throw new CliError(`--port must be a whole number from 0 to 65535, got "${text}"`);
  return port;
}

function warnAboutModels(config: GatewayConfig, sourceName: string, context: CliContext): void {
  if (Object.keys(config.models).length === 0) {
    const hint =
      sourceName === 'environment'
        ? 'set OPENAI_API_KEY, ANTHROPIC_API_KEY, GROQ_API_KEY, OLLAMA_HOST, ... or write a switchyard.yaml'
        : `add models to ${sourceName}`;
    context.stderr(
      `note: no models are configured, so every model request will get 404 (${hint}; see docs/configuration.md)\n`,
    );
  }
}

async function loadServer(context: CliContext): Promise<ServerModule> {
  try {
    return await context.loadServer();
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (code === 'ERR_MODULE_NOT_FOUND')
      throw new CliError('this build of switchyard has no server module (src/server/start-gateway.ts)');
    throw error;
  }
}

function listenError(error: unknown, config: GatewayConfig): CliError | undefined {
  const code = (error as { code?: unknown }).code;
  const where = `${config.server.host}:${config.server.port}`;
  if (code === 'EADDRINUSE')
    return new CliError(`${where} is already in use: stop the other process or pass --port`);
  if (code === 'EACCES') return new CliError(`no permission to listen on ${where}: use a port above 1023`);
  if (code === 'EADDRNOTAVAIL')
    return new CliError(`${config.server.host} is not an address of this machine (--host)`);
  return undefined;
}

function stopOnSignal(gateway: RunningGateway, config: GatewayConfig, context: CliContext): void {
  let stopping = false;
  const onSignal = (signal: string) => {
    if (stopping) {
      context.stderr(`${signal} again: exiting without waiting\n`);
      context.exit(1);
      return;
    }
    stopping = true;
    context.stderr(
      `${signal}: finishing in-flight requests (up to ${config.server.shutdownGraceMs} ms), then exiting\n`,
    );
    gateway.close().then(
      () => context.exit(0),
      (error: unknown) => {
        context.stderr(`error: shutdown failed: ${(error as Error).message}\n`);
        context.exit(1);
      },
    );
  };
  // Listening (rather than once) also means a second signal forces the exit, instead of Node's
  // default of killing the process in the middle of a flush.
  for (const signal of ['SIGTERM', 'SIGINT'] as const) context.signals.on(signal, () => onSignal(signal));
}
