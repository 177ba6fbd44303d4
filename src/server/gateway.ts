// The running gateway's parts, as one object the handlers receive: live config, authentication,
// outbound pools, admission, providers and the two dialects' edges. Built by start-gateway.ts.

import type { HeldPending } from './held-pending.js';
import type { Dialect } from '../core/index.js';
import type { KeyAuthenticator } from '../auth/key-authenticator.js';
import type { ConfigHolder } from '../config/config-holder.js';
import type { Provider, ProviderType } from '../providers/provider.js';
import type { Authorizers } from '../upstream/auth/authorizer.js';
import type { Dispatchers } from '../upstream/dispatchers.js';
import type { KeyRings } from '../upstream/key-ring.js';
import type { ResolvedTarget } from '../config/resolve-model.js';
import type { DeploymentStats } from '../routing/deployment-stats.js';
import type { WorkflowLedger } from '../routing/workflow-ledger.js';
import type { DeploymentQuotas } from '../routing/deployment-quotas.js';
import type { HeaderLookup } from '../upstream/rate-limit-lookup.js';
import type { ChatTarget } from '../pipeline/chat-types.js';
import type { TargetHealth } from '../routing/with-retries.js';
import type { Admission } from './admission.js';
import type { DialectEdge } from './dialect-edge.js';
import type { Records } from '../telemetry/records.js';
import type { RecordStore } from '../storage/record-store.js';
import type { ReviewStore } from '../storage/review-store.js';
import type { DeliveryOutcome } from '../telemetry/metrics-holds.js';
import type { SemanticLookupOutcome } from '../telemetry/semantic-outcomes.js';
import type { DeliveryPolicy } from './deliver-decision.js';
import type { AnswerStore } from '../cache/exact/answer-store.js';
import type { SemanticCache } from './semantic-cache.js';

export interface Gateway {
  configs: ConfigHolder;
  /** The gateway's log (start-gateway's `log` option; stdout by default). */
  log?: ((line: string) => void) | undefined;
  authenticator: KeyAuthenticator;
  dispatchers: Dispatchers;
  /** Credentials that need fetching or signing (Entra ID, Google, AWS). */
  authorizers: Authorizers;
  /** Round robin over each deployment's api keys. */
  keyRings: KeyRings;
  admission: Admission;
  /** Circuit breakers per deployment, as the router asks them (routing/target-health.ts). */
  targetHealth: TargetHealth<ResolvedTarget>;
  /** In-flight counts and latencies per deployment, for the balancer (routing/order-targets.ts). */
  deploymentStats: DeploymentStats;
  /** Deployments short of quota, from their rate-limit headers (routing/deployment-quotas.ts). */
  quotas: DeploymentQuotas;
  /** Feeds `quotas` from an answer (AttemptDependencies). */
  observeQuota(target: ChatTarget, status: number, header: HeaderLookup): void;
  /** Time spent per x-switchyard-workflow, for the workflow's later steps. */
  workflows: WorkflowLedger;
  providerFor(type: ProviderType): Provider;
  edges: Record<Dialect, DialectEdge>;
  /** Where finished requests go: the request log, metrics and traces (src/telemetry). */
  records: Records;
  /** The request log's store, for the admin API; absent when records.enabled is false. */
  recordStore?: RecordStore | undefined;
  /** The review queue of flagged requests, kept with the request log (absent with it). */
  reviewStore?: ReviewStore | undefined;
  /** Answers just held, until the review queue has them (held-pending.ts). */
  heldPending?: HeldPending | undefined;
  /** Prometheus exposition for GET /metrics; absent when telemetry.metrics.enabled is false. */
  metrics?:
    | {
        text(): Promise<{ contentType: string; body: string }>;
        /** Counts a delivery of a decision on a held answer (server/deliver-decision.ts). */
        countHoldDelivery?(outcome: DeliveryOutcome): void;
        /** Counts how a semantic cache lookup ended (server/semantic-lookup.ts). */
        countSemanticLookup?(route: string, outcome: SemanticLookupOutcome): void;
      }
    | undefined;
  /** The exact cache's entries (src/cache/exact); absent when no route can use it. */
  answers?: AnswerStore | undefined;
  /** The semantic cache's thread and calibrators (its thread starts on first use). */
  semantic?: SemanticCache | undefined;
  /** The delivery of decisions on held answers, when not deliveryDefaults (tests shorten it). */
  holdDelivery?: Partial<DeliveryPolicy> | undefined;
  /** True once SIGTERM arrived: /ready says no, new connections are refused. */
  draining: boolean;
}
