// Quota counts shared by the replicas: every second each replica sends what it counted (requests
// and tokens per deployment) and which deployments answered 429 or said they were nearly out, on
// the notifier; the others add it to their own minute. On a cluster (Redis or Postgres), N
// replicas in front of one Azure deployment see its whole traffic against its declared `limits:`,
// about a second late, and no request waits on the notifier. News that could not be sent is kept
// (up to a minute) and sent with the next. On one process alone the news reaches only itself and
// is ignored.

import { randomUUID } from 'node:crypto';
import type { DeploymentQuotas, QuotaNews } from '../routing/deployment-quotas.js';
import type { Notifier } from '../storage/notifier.js';
import { QuotaBacklog } from './quota-backlog.js';

export const quotaChannel = 'deployment-quotas';

/** How often a replica sends its news. */
const defaultIntervalMs = 1000;
/** Most entries read from one message (a bound on what a hostile publisher can make us do). */
const mostEntries = 10_000;

interface QuotaMessage extends QuotaNews {
  origin: string;
}

/** Starts sharing; the returned function stops it (after sending what is left). */
export async function shareQuotas(
  quotas: DeploymentQuotas,
  notifier: Notifier,
  log: (line: string) => void,
  intervalMs = defaultIntervalMs,
  now: () => number = Date.now,
): Promise<() => Promise<void>> {
  const origin = randomUUID();
  const unsubscribe = await notifier.subscribe(quotaChannel, (text) => {
    const message = parseMessage(text);
    if (message !== undefined && message.origin !== origin) quotas.absorb(message);
  });
  // News not sent yet (the notifier failed) waits here, up to a minute, and goes with the next send.
  const backlog = new QuotaBacklog();
  let sending: Promise<void> | undefined;
  const send = async (): Promise<void> => {
    const fresh = quotas.takeNews();
    if (fresh !== undefined) backlog.add(fresh, now());
    const news = backlog.pending(now());
    if (news === undefined) return;
    const message: QuotaMessage = { origin, ...news };
    try {
      await notifier.publish(quotaChannel, JSON.stringify(message));
      backlog.clear();
    } catch (error) {
      log(`switchyard warn: could not share quota counts (kept for the next try): ${String(error)}`);
    }
  };
  // One send at a time: a slow publish must not let the same backlog go out twice.
  const tick = (): Promise<void> => (sending ??= send().finally(() => (sending = undefined)));
  const timer = setInterval(() => void tick(), intervalMs);
  timer.unref();
  return async () => {
    clearInterval(timer);
    await sending;
    await tick();
    await unsubscribe();
  };
}

/** Another replica's message, or undefined for anything malformed (never trusted blindly). */
function parseMessage(text: string): QuotaMessage | undefined {
  let value: Partial<QuotaMessage>;
  try {
    value = JSON.parse(text) as Partial<QuotaMessage>;
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null || typeof value.origin !== 'string') return undefined;
  if (!Array.isArray(value.counts) || !Array.isArray(value.short)) return undefined;
  if (value.counts.length + value.short.length > mostEntries) return undefined;
  const count = (entry: unknown): boolean => {
    const candidate = entry as { key?: unknown; requests?: unknown; tokens?: unknown };
    return typeof candidate?.key === 'string' && isAmount(candidate.requests) && isAmount(candidate.tokens);
  };
  const short = (entry: unknown): boolean => {
    const candidate = entry as { key?: unknown; forMs?: unknown };
    return typeof candidate?.key === 'string' && isAmount(candidate.forMs);
  };
  if (!value.counts.every(count) || !value.short.every(short)) return undefined;
  return value as QuotaMessage;
}

function isAmount(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0;
}
