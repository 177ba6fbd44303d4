// What replicas tell each other about the semantic cache, on the notifier: a new entry's prompt
// embedding (so every replica's index finds it), the digests of purged entries (so none keeps
// their prompts), and each verdict on a would-be hit (so every replica's calibration of a route
// sees all of them). Messages from the wire are checked field by
// field and dropped when malformed: a hint, never trusted blindly.

export const semanticChannel = 'semantic-cache';

/** A distributive Omit: each kind keeps its own fields. */
export type Unsent<News> = News extends unknown ? Omit<News, 'origin'> : never;

export type SemanticNews =
  | {
      origin: string;
      kind: 'entry';
      digest: string;
      partition: string;
      embedder: string;
      vector: string;
      /** When the entry's answer expires, epoch ms (absent from replicas that predate it). */
      expiresAt?: number;
    }
  | { origin: string; kind: 'forget'; digests: string[] }
  | {
      origin: string;
      kind: 'verdict';
      routeKey: string;
      errorBudget: number;
      confidence: number;
      score: number;
      correct: boolean;
    };

const longestText = 8192;
/** Most digests one forget message may carry (semantic-cache.ts sends 500). */
const mostDigests = 1000;

export function parseSemanticNews(text: string): SemanticNews | undefined {
  let value: Record<string, unknown>;
  try {
    value = JSON.parse(text) as Record<string, unknown>;
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null || !isText(value.origin)) return undefined;
  if (value.kind === 'entry') {
    const fine =
      isText(value.digest) &&
      isText(value.partition) &&
      isText(value.embedder) &&
      isText(value.vector) &&
      (value.expiresAt === undefined || isNumberIn(value.expiresAt, 0, Number.MAX_SAFE_INTEGER));
    return fine ? (value as SemanticNews) : undefined;
  }
  if (value.kind === 'forget') {
    const { digests } = value;
    const fine = Array.isArray(digests) && digests.length <= mostDigests && digests.every(isText);
    return fine ? (value as SemanticNews) : undefined;
  }
  if (value.kind === 'verdict') {
    const fine =
      isText(value.routeKey) &&
      isNumberIn(value.errorBudget, 0.001, 0.5) &&
      isNumberIn(value.confidence, 0.5, 0.999) &&
      isNumberIn(value.score, -1.001, 1.001) &&
      typeof value.correct === 'boolean';
    return fine ? (value as SemanticNews) : undefined;
  }
  return undefined;
}

function isText(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0 && value.length <= longestText;
}

function isNumberIn(value: unknown, low: number, high: number): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value >= low && value <= high;
}
