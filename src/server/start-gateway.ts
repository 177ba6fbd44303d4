// Assemble and start the gateway: storage, keys, config, outbound pools, admission and the HTTP
// server; print the first credentials once; stop gracefully on SIGTERM/SIGINT.

import { HeldPending } from './held-pending.js';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { KeyAuthenticator } from '../auth/key-authenticator.js';
import { ensureFirstCredentials } from '../auth/bootstrap.js';
import { loadServerSecret } from '../auth/server-secret.js';
import { ConfigHolder } from '../config/config-holder.js';
import type { GatewayConfig } from '../config/config-schema.js';
import { providerFor } from '../providers/registry.js';
import { openStorage } from '../storage/open-storage.js';
import { Authorizers } from '../upstream/auth/authorizer.js';
import { createAuthorizer } from '../upstream/auth/create-authorizer.js';
import { Dispatchers } from '../upstream/dispatchers.js';
import { KeyRings } from '../upstream/key-ring.js';
import { Admission } from './admission.js';
import { openBreakers } from './open-breakers.js';
import { shareQuotas } from './share-quotas.js';
import { openAnswerStore } from './open-answer-store.js';
import { shareCachePurges } from './share-cache-purges.js';
import { SemanticCache } from './semantic-cache.js';
import { shareHeldPending } from './share-held-pending.js';
import { DeploymentStats, deploymentKey, targetKey } from '../routing/deployment-stats.js';
import { DeploymentQuotas } from '../routing/deployment-quotas.js';
import { WorkflowLedger } from '../routing/workflow-ledger.js';
import { edges } from './dialect-edge.js';
import type { Gateway } from './gateway.js';
import { createHttpServer } from './http-server.js';
import { route } from './routes.js';
import { drainServer } from './drain-server.js';
import { resumeDeliveriesEvery } from './resume-deliveries.js';
import { openTelemetry } from './open-telemetry.js';
import { warmLocalChecks } from '../guard/warm-checks.js';

/** How often a replica on Postgres reads the keys revoked since its last look (docs/operations.md). */
const revocationPollMs = 1000;

export interface StartOptions {
  config: GatewayConfig;
  /** When given, the file is watched and reloaded on change and on SIGHUP. */
  configPath?: string;
  /** Where startup lines go (the first key and admin token are printed once). */
  log?: (line: string) => void;
  /** Stop on SIGTERM/SIGINT (default true; tests turn it off). */
  handleSignals?: boolean;
}

export interface RunningGateway {
  url: string;
  gateway: Gateway;
  close(): Promise<void>;
}

export async function startGateway(options: StartOptions): Promise<RunningGateway> {
  const log = options.log ?? ((line: string) => console.log(line));
  const config = options.config;
  const configs = new ConfigHolder(config, options.configPath);
  const storage = await openStorage({
    sqlitePath: config.storage.postgresUrl ? undefined : config.storage.sqlitePath,
    postgresUrl: config.storage.postgresUrl,
    redisUrl: config.storage.redisUrl,
    redisChannelPrefix: config.storage.redisPrefix,
    records: config.records.enabled
      ? { sqlitePath: config.records.sqlitePath ?? path.join(config.storage.dataDir, 'records.db') }
      : false,
  });
  const { secret, source, path: secretPath } = await loadServerSecret({ dataDir: config.storage.dataDir });
  const authenticator = new KeyAuthenticator({
    store: storage.keys,
    secret,
    notifier: storage.notifier,
    // Replicas sharing Postgres also read its revocations, so a lost notifier message costs a second.
    revocationPollMs: storage.backend === 'postgres' ? revocationPollMs : undefined,
  });
  await authenticator.start();
  const first = await ensureFirstCredentials(authenticator);
  // Read from the live config: a reloaded maxInFlight, queue timeout or lag limit applies at once.
  const admission = new Admission(() => configs.current.server);
  const quotas = new DeploymentQuotas();
  const telemetry = await openTelemetry({
    config,
    configs,
    store: storage.records,
    reviews: storage.reviews,
    inFlight: () => admission.active,
    // Tokens spent per deployment, for quotas declared in the config (off the response path).
    usage: (record) => {
      if (record.provider !== null && record.upstreamModel !== null) {
        const tokens = record.usage.inputTokens + record.usage.outputTokens;
        quotas.countTokens(deploymentKey(record.provider, record.upstreamModel), tokens);
      }
      // A hedge's loser spent its own deployment's quota too.
      for (const loser of record.cost.calledOff ?? []) {
        quotas.countTokens(
          deploymentKey(loser.provider, loser.upstreamModel),
          loser.inputTokens + loser.outputTokens,
        );
      }
    },
    log,
  });
  const dispatchers = new Dispatchers({
    caFile: config.outbound.caFile,
    connectionsPerOrigin: config.outbound.connectionsPerOrigin,
    connectTimeoutMs: config.defaults.timeouts.connectMs,
  });
  const deploymentStats = new DeploymentStats();
  const heldPending = new HeldPending();
  const gateway: Gateway = {
    configs,
    log,
    authenticator,
    dispatchers,
    // Token calls (Entra ID, Google) go through the same outbound pools: proxy and CA bundle apply.
    authorizers: new Authorizers((settings) =>
      createAuthorizer(settings, {
        dispatcherFor: (url) => dispatchers.for(`${settings.name} credentials`, url),
      }),
    ),
    keyRings: new KeyRings(),
    targetHealth: await openBreakers(telemetry.metrics, deploymentStats, quotas, storage.notifier, log),
    deploymentStats,
    workflows: new WorkflowLedger(),
    quotas,
    observeQuota: (target, status, header) => quotas.observe(targetKey(target), status, header),
    admission,
    records: telemetry.records,
    recordStore: telemetry.writer === undefined ? undefined : storage.records,
    reviewStore: telemetry.writer === undefined ? undefined : storage.reviews,
    heldPending,
    metrics: telemetry.metrics,
    providerFor,
    edges,
    draining: false,
  };
  const stopSharingQuotas = await shareQuotas(quotas, storage.notifier, log);
  const stopSharingHolds = await shareHeldPending(heldPending, storage.notifier, log);
  const cache = await openAnswerStore(config, log);
  // Each replica's in-process cache hears the others' purges; a Redis cache is purged once for all.
  const purges = cache.shared ? undefined : await shareCachePurges(cache.store, storage.notifier, log);
  const answers = purges?.store ?? cache.store;
  gateway.answers = answers;
  gateway.semantic = new SemanticCache({
    log,
    onLookup: (route, outcome) => gateway.metrics?.countSemanticLookup?.(route, outcome),
    store: answers,
    notifier: storage.notifier,
    calibrations: cache.calibrations,
    maxBytes: config.cache.semanticMaxBytes,
  });
  await gateway.semantic.listen();
  const semantic = gateway.semantic;
  telemetry.metrics?.registerSemanticIndexes(() => semantic.stats());
  // The in-process store's figures; Redis keeps its own (INFO).
  const storeStats = answers.stats?.bind(answers);
  if (storeStats !== undefined) telemetry.metrics?.registerCacheStore(storeStats);
  const server = createHttpServer(config.server, (request, response) => {
    void route(request, response, gateway);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.server.port, config.server.host, resolve);
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `${config.server.tls ? 'https' : 'http'}://${host}:${address.port}`;
  if (options.configPath) configs.watch();

  if (source === 'created')
    log(`Created the key-hashing secret ${secretPath}: back it up with the database.`);
  if (config.storage.postgresUrl !== undefined && source !== 'environment') {
    log(
      `switchyard warn: keys are shared in Postgres but hashed under this replica's own secret (${secretPath ?? '?'}): ` +
        'give every replica the same SWITCHYARD_SECRET, or keys issued by one are refused by the others.',
    );
  }
  if (first.virtualKey) log(`Virtual key (shown once): ${first.virtualKey}`);
  if (first.adminToken) log(`Admin token (shown once): ${first.adminToken}`);
  if (!config.auth.requireKey)
    log('WARNING: auth.requireKey is false: the data plane accepts requests without a key.');
  log(`Switchyard listening on ${url}`);
  // The checks' lists and weights load now rather than on the first guarded request.
  setImmediate(() => warmLocalChecks(config));
  const stopResuming = resumeDeliveriesEvery(gateway, log);

  let closing: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closing ??= (async () => {
      gateway.draining = true;
      stopResuming();
      await drainServer(server, () => gateway.admission.active, config.server.shutdownGraceMs);
      configs.close();
      gateway.admission.close();
      // Finished requests are recorded, queued records stored (or spilled), exporters flushed.
      await telemetry.close();
      await stopSharingQuotas();
      await stopSharingHolds();
      await gateway.semantic?.close();
      await purges?.stop();
      await gateway.answers?.close();
      await gateway.dispatchers.close();
      await authenticator.close();
      await storage.close();
    })();
    return closing;
  };
  if (options.handleSignals !== false) {
    const onSignal = (signal: string): void => {
      log(`${signal}: draining (grace ${config.server.shutdownGraceMs} ms)`);
      void close().then(() => process.exit(0));
    };
    process.once('SIGTERM', onSignal);
    process.once('SIGINT', onSignal);
  }
  return { url, gateway, close };
}
