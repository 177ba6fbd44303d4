// The hand-off from the request path to the record: `finish(trail)` costs a timestamp and a
// setImmediate; the record is then completed (usage, cost, body policy) and given to the log
// writer, the metrics and the trace exporter. A failure here is logged, never seen by a client.

import type { GatewayConfig } from '../config/config-schema.js';
import { catalogVersion } from '../catalog/index.js';
import { completeRecord } from './complete-record.js';
import type { BodyPolicy, RequestRecord } from './request-record.js';
import type { RequestTrail } from './request-trail.js';
import type { PromptText } from './prompt-text.js';
import { TokenCounter } from './token-counter.js';

export interface RecordConsumers {
  /** The request log (absent when records.enabled is false). */
  writer?: { write(record: RequestRecord): void };
  metrics?: { observe(record: RequestRecord): void };
  tracer?: { export(record: RequestRecord, sampled: boolean): void };
  /** OTel GenAI metrics (gen_ai.client.*), when OTLP export is configured. */
  genAi?: { observe(record: RequestRecord): void };
  /** Usage per deployment, for the router's declared quotas. */
  usage?: { observe(record: RequestRecord): void } | undefined;
}

export class Records {
  #pending = 0;
  #idle: Array<() => void> = [];
  readonly #consumers: RecordConsumers;
  readonly #log: (message: string) => void;
  /** Token estimates run in a thread of their own, started on demand (token-counter.ts). */
  readonly #tokens: TokenCounter;

  constructor(
    consumers: RecordConsumers,
    log: (message: string) => void = (line) => console.error(line),
    tokens: TokenCounter = new TokenCounter(),
  ) {
    this.#consumers = consumers;
    this.#log = log;
    this.#tokens = tokens;
  }

  /** Counts tokens in the token-counting thread, off the event loop (a count_tokens estimate). */
  countTokens(input: string | PromptText): Promise<number> {
    return this.#tokens.count(input);
  }

  /** After settled(): stops the token-counting thread if it runs. */
  close(): Promise<void> {
    return this.#tokens.close();
  }

  /** The request is over (answered, failed or abandoned): record it off the response path. */
  finish(trail: RequestTrail, config: GatewayConfig): void {
    trail.doneAt = Date.now();
    this.#pending++;
    setImmediate(() => {
      void this.#complete(trail, config).finally(() => {
        if (--this.#pending === 0) for (const resolve of this.#idle.splice(0)) resolve();
      });
    });
  }

  /** Resolves once every finished request was handed to the consumers (before closing the writer). */
  settled(): Promise<void> {
    return this.#pending === 0 ? Promise.resolve() : new Promise((resolve) => this.#idle.push(resolve));
  }

  async #complete(trail: RequestTrail, config: GatewayConfig): Promise<void> {
    let record: RequestRecord;
    try {
      record = await completeRecord(trail, {
        bodyPolicy: bodyPolicyFor(config, trail.route),
        maxBodyCharacters: config.records.maxBodyCharacters,
        // Config overrides change prices: say so, so a record can be re-priced from the right table.
        catalogVersion:
          Object.keys(config.catalog.models).length === 0
            ? catalogVersion
            : `${catalogVersion}+config${trail.configVersion}`,
        secrets: secretsOf(config),
        countTokens: (input) => this.#tokens.count(input),
      });
    } catch (error) {
      this.#log(`switchyard error: could not complete the record of ${trail.requestId}: ${String(error)}`);
      return;
    }
    const { writer, metrics, tracer, genAi, usage } = this.#consumers;
    this.#deliver(trail, () => writer?.write(record));
    this.#deliver(trail, () => metrics?.observe(record));
    this.#deliver(trail, () => tracer?.export(record, trail.trace.sampled));
    this.#deliver(trail, () => genAi?.observe(record));
    this.#deliver(trail, () => usage?.observe(record));
    this.#deliver(trail, () => trail.onRecorded?.(record));
  }

  /** One consumer's failure is logged and never keeps the record from the others. */
  #deliver(trail: RequestTrail, consume: () => void): void {
    try {
      consume();
    } catch (error) {
      this.#log(`switchyard error: a record consumer failed for ${trail.requestId}: ${String(error)}`);
    }
  }
}

export function bodyPolicyFor(config: GatewayConfig, route: string | null): BodyPolicy {
  return (route === null ? undefined : config.models[route]?.records?.body) ?? config.records.body;
}

const secretsByConfig = new WeakMap<GatewayConfig, string[]>();

/** Every upstream credential in the config, so no kept text can carry one. */
function secretsOf(config: GatewayConfig): string[] {
  let secrets = secretsByConfig.get(config);
  if (secrets === undefined) {
    secrets = [];
    for (const provider of Object.values(config.providers) as unknown[]) {
      collectSecrets(provider, secrets);
    }
    secretsByConfig.set(config, secrets);
  }
  return secrets;
}

const secretFields = /^(apiKeys?|clientSecret|secretAccessKey|sessionToken|serviceAccount|privateKey)$/;

function collectSecrets(value: unknown, into: string[], field = ''): void {
  if (typeof value === 'string') {
    if (secretFields.test(field)) into.push(value);
    return;
  }
  if (Array.isArray(value)) {
    for (const item of value) collectSecrets(item, into, field);
    return;
  }
  if (typeof value === 'object' && value !== null) {
    for (const [key, inner] of Object.entries(value)) {
      if (key === 'headers' && typeof inner === 'object' && inner !== null) {
        // Custom auth headers (Authorization, api-key, x-...-token) carry credentials too.
        for (const [name, header] of Object.entries(inner)) {
          if (typeof header !== 'string' || !/auth|key|token|secret/i.test(name)) continue;
          into.push(header);
          const scheme = /^(?:bearer|basic|token)\s+(.+)$/i.exec(header);
          if (scheme?.[1] !== undefined) into.push(scheme[1]);
        }
      } else collectSecrets(inner, into, key);
    }
  }
}
