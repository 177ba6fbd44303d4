// Retention of the request log: the purge rules a config implies (a route's own days win over its
// team's, which win over the default) and the job that applies them on an interval. Each purge is
// logged by the store (record_purges), so deletions are themselves on record.

import type { GatewayConfig } from '../config/config-schema.js';
import type { PurgeRule, RecordStore } from '../storage/record-store.js';

const day = 24 * 60 * 60 * 1000;

export function purgeRules(config: GatewayConfig, now: number): PurgeRule[] {
  const rules: PurgeRule[] = [];
  const ownRoutes: string[] = [];
  for (const [alias, model] of Object.entries(config.models)) {
    const days = model.records?.retentionDays;
    if (days === undefined) continue;
    ownRoutes.push(alias);
    rules.push({ before: now - days * day, route: alias });
  }
  const ownTeams = Object.keys(config.records.teams);
  for (const teamId of ownTeams) {
    const days = config.records.teams[teamId]?.retentionDays ?? config.records.retentionDays;
    rules.push({
      before: now - days * day,
      teamId,
      ...(ownRoutes.length > 0 ? { exceptRoutes: ownRoutes } : {}),
    });
  }
  rules.push({
    before: now - config.records.retentionDays * day,
    ...(ownRoutes.length > 0 ? { exceptRoutes: ownRoutes } : {}),
    ...(ownTeams.length > 0 ? { exceptTeams: ownTeams } : {}),
  });
  return rules;
}

export interface RetentionJobOptions {
  store: RecordStore;
  /** The live config: rules are recomputed at each run, so a reload changes retention. */
  config: () => GatewayConfig;
  now?: () => number;
  log?: (message: string) => void;
  /** Held answers past their keep time are erased on the same pass (they already read as expired). */
  holds?: { expireHolds(): Promise<number> } | undefined;
}

export class RetentionJob {
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<number> | undefined;
  readonly #options: RetentionJobOptions;

  constructor(options: RetentionJobOptions) {
    this.#options = options;
  }

  /** Runs once soon after start, then every records.purgeIntervalMs. */
  start(): void {
    const schedule = (delay: number): void => {
      this.#timer = setTimeout(() => {
        void this.run().finally(() => schedule(this.#options.config().records.purgeIntervalMs));
      }, delay);
      this.#timer.unref();
    };
    schedule(Math.min(10_000, this.#options.config().records.purgeIntervalMs));
  }

  /** One pass over every rule; returns the number of requests deleted. Never throws. */
  run(): Promise<number> {
    this.#running ??= this.#purge().finally(() => (this.#running = undefined));
    return this.#running;
  }

  async stop(): Promise<void> {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    await this.#running?.catch(() => undefined);
  }

  async #purge(): Promise<number> {
    const now = (this.#options.now ?? Date.now)();
    let deleted = 0;
    for (const rule of purgeRules(this.#options.config(), now)) {
      try {
        deleted += await this.#options.store.purge(rule);
      } catch (error) {
        this.#options.log?.(
          `switchyard warn: retention purge failed (${JSON.stringify(rule)}): ${String(error)}`,
        );
      }
    }
    await this.#options.holds?.expireHolds().catch((error: unknown) => {
      this.#options.log?.(`switchyard warn: erasing expired held answers failed: ${String(error)}`);
    });
    return deleted;
  }
}
