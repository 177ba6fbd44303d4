// The CLI's client for the running gateway's admin API (keys, request log, review queue, cache).
// Turns every failure, from a refused connection to a malformed answer, into a one-line CliError;
// never prints anything.

import { request } from 'undici';
import type { z } from 'zod';
import { CliError } from './cli-error.js';
import { cachePurgeSearch, purgedSchema, type CachePurge } from './cache-purge.js';
import {
  createdKeySchema,
  keyListSchema,
  revokedKeySchema,
  type CreateKeyInput,
  type CreatedKey,
  type KeyRecord,
  type RevokedKey,
} from './key-record.js';
import {
  recordPageSchema,
  recordSchema,
  recordSearch,
  usageAnswerSchema,
  usageSearch,
  type RecordPageView,
  type RecordQuery,
  type RecordView,
  type UsageAnswer,
  type UsageReportQuery,
} from './record-schemas.js';
import { scanAnswerSchema, type ScanTextsInput, type ScanVerdictView } from './scan-verdict-schema.js';
import {
  reviewDetailSchema,
  reviewPageSchema,
  reviewSchema,
  reviewSearch,
  type ReviewDecisionInput,
  type ReviewDetailView,
  type ReviewPageView,
  type ReviewQuery,
  type ReviewView,
} from './review-schemas.js';

export interface AdminClientOptions {
  /** The gateway's base URL, e.g. http://127.0.0.1:8787. */
  url: string;
  token: string | undefined;
  timeoutMs?: number;
}

type Method = 'GET' | 'POST' | 'DELETE';

const timeoutCodes = new Set(['UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT']);

export class AdminClient {
  readonly #base: URL;
  readonly #token: string | undefined;
  readonly #timeoutMs: number;

  constructor(options: AdminClientOptions) {
    this.#base = parseBaseUrl(options.url);
    this.#token = options.token === '' ? undefined : options.token;
    this.#timeoutMs = options.timeoutMs ?? 15_000;
  }

  async createKey(input: CreateKeyInput): Promise<CreatedKey> {
    return this.#call('POST', 'admin/keys', createdKeySchema, { body: input, expect: [201, 200] });
  }

  async listKeys(includeRevoked: boolean): Promise<KeyRecord[]> {
    const answer = await this.#call('GET', `admin/keys?includeRevoked=${includeRevoked}`, keyListSchema);
    return answer.data;
  }

  async revokeKey(id: string): Promise<RevokedKey> {
    return this.#call('DELETE', `admin/keys/${encodeURIComponent(id)}`, revokedKeySchema, {
      notFound: `no key with id "${id}"`,
    });
  }

  /** Drops exact-cache entries of the admin's organisation; how many went. */
  async purgeCache(filter: CachePurge): Promise<{ deleted: number }> {
    return this.#call('DELETE', withSearch('admin/cache', cachePurgeSearch(filter)), purgedSchema);
  }

  /** One page of the request log, newest first. `signal` cancels the call (Ctrl-C in --follow). */
  async listRecords(query: RecordQuery, options: { signal?: AbortSignal } = {}): Promise<RecordPageView> {
    return this.#call('GET', withSearch('admin/records', recordSearch(query)), recordPageSchema, {
      notFound: noRequestLog,
      signal: options.signal,
    });
  }

  async getRecord(id: string): Promise<RecordView> {
    return this.#call('GET', `admin/records/${encodeURIComponent(id)}`, recordSchema, {
      notFound: `no record with id "${id}"`,
    });
  }

  async usage(query: UsageReportQuery): Promise<UsageAnswer> {
    return this.#call('GET', withSearch('admin/usage', usageSearch(query)), usageAnswerSchema, {
      notFound: noRequestLog,
    });
  }

  /** One page of the review queue, newest first. */
  async listReviews(query: ReviewQuery): Promise<ReviewPageView> {
    return this.#call('GET', withSearch('admin/reviews', reviewSearch(query)), reviewPageSchema, {
      notFound: noRequestLog,
    });
  }

  async getReview(id: string): Promise<ReviewDetailView> {
    return this.#call('GET', `admin/reviews/${encodeURIComponent(id)}`, reviewDetailSchema, {
      notFound: `no review with id "${id}"`,
    });
  }

  /** Approves or rejects an item; the gateway's 409 (already decided) says by whom and when. */
  async decideReview(id: string, input: ReviewDecisionInput): Promise<ReviewView> {
    return this.#call('POST', `admin/reviews/${encodeURIComponent(id)}`, reviewSchema, {
      body: input,
      notFound: `no review with id "${id}"`,
      conflict: (message) => message,
    });
  }

  /** Sends a failed delivery of a held answer's decision again (202: a new round of calls began). */
  async redeliverReview(id: string): Promise<ReviewView> {
    return this.#call('POST', `admin/reviews/${encodeURIComponent(id)}/redeliver`, reviewSchema, {
      expect: [202],
      notFound: `no review with id "${id}"`,
      conflict: (message) => message,
    });
  }

  /** The verdicts of a route's input checks on texts (POST /admin/guard/scan), in order. */
  async scanTexts(input: ScanTextsInput): Promise<ScanVerdictView[]> {
    const answer = await this.#call('POST', 'admin/guard/scan', scanAnswerSchema, {
      body: input,
      notFound: (message) => message,
    });
    if (answer.data.length !== input.texts.length) {
      throw new CliError(
        `the gateway at ${this.#base.origin} sent ${answer.data.length} verdicts for ${input.texts.length} texts`,
      );
    }
    return answer.data;
  }

  async #call<T extends z.ZodType>(
    method: Method,
    path: string,
    schema: T,
    options: {
      body?: unknown;
      expect?: number[];
      notFound?: NotFound;
      /** What a 409 with an error body means for this call. */
      conflict?: NotFound;
      signal?: AbortSignal | undefined;
    } = {},
  ): Promise<z.output<T>> {
    const url = new URL(path, this.#base);
    const { status, text } = await this.#send(method, url, options.body, options.signal);
    if (status >= 400) throw this.#statusError(status, text, url, options);
    if (!(options.expect ?? [200]).includes(status)) {
      throw new CliError(
        `the gateway at ${this.#base.origin} answered ${status} to ${method} ${url.pathname}, which the CLI does not expect`,
      );
    }
    const result = schema.safeParse(parseJson(text));
    if (!result.success) {
      throw new CliError(
        `the gateway at ${this.#base.origin} sent an answer the CLI cannot read (${method} ${url.pathname})`,
      );
    }
    return result.data;
  }

  async #send(
    method: Method,
    url: URL,
    body: unknown,
    signal?: AbortSignal,
  ): Promise<{ status: number; text: string }> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (this.#token !== undefined) headers.authorization = `Bearer ${this.#token}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    try {
      const response = await request(url, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        headersTimeout: this.#timeoutMs,
        bodyTimeout: this.#timeoutMs,
        signal,
      });
      return { status: response.statusCode, text: await response.body.text() };
    } catch (error) {
      throw this.#networkError(error);
    }
  }

  #networkError(error: unknown): CliError {
    const code = errorCode(error);
    const where = this.#base.origin;
    if (code === 'ECONNREFUSED')
      return new CliError(`no gateway at ${where}: is \`switchyard serve\` running?`);
    if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
      return new CliError(`cannot find the host ${this.#base.hostname} (--url ${where})`);
    }
    if (code !== undefined && timeoutCodes.has(code)) {
      const limit =
        this.#timeoutMs >= 1000 ? `${Math.round(this.#timeoutMs / 1000)}s` : `${this.#timeoutMs}ms`;
      return new CliError(`the gateway at ${where} did not answer within ${limit}`);
    }
    return new CliError(`cannot reach the gateway at ${where}: ${code ?? (error as Error).message}`);
  }

  #statusError(
    status: number,
    text: string,
    url: URL,
    { notFound, conflict }: { notFound?: NotFound; conflict?: NotFound },
  ): CliError {
    const message = errorMessage(text);
    if (status === 401) {
      return new CliError(
        this.#token === undefined
          ? 'the admin API needs a token: pass --admin-token or set SWITCHYARD_ADMIN_TOKEN'
          : 'the admin token was rejected',
      );
    }
    if (status === 403)
      return new CliError(`the admin token may not do this${message ? `: ${message}` : ''}`);
    if (status === 404 && notFound !== undefined && message !== undefined) {
      return new CliError(typeof notFound === 'string' ? notFound : notFound(message));
    }
    if (status === 409 && conflict !== undefined && message !== undefined) {
      return new CliError(typeof conflict === 'string' ? conflict : conflict(message));
    }
    if (status === 404)
      return new CliError(
        `the gateway at ${this.#base.origin} has no ${url.pathname} (is --url a Switchyard gateway?)`,
      );
    return new CliError(`the gateway answered ${status}${message ? `: ${message}` : ''}`);
  }
}

/** What a 404 (or 409) with an error body means for a call: a fixed message, or one built from the gateway's. */
type NotFound = string | ((message: string) => string);

// The gateway answers 404 on the request-log routes when records are off (records.enabled: false).
const noRequestLog = (message: string) => `the gateway has no request log: ${message}`;

function withSearch(path: string, search: URLSearchParams): string {
  const text = search.toString();
  return text === '' ? path : `${path}?${text}`;
}

function parseBaseUrl(text: string): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new CliError(`--url must be an http(s) URL such as http://127.0.0.1:8787, got "${text}"`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new CliError(`--url must be an http(s) URL such as http://127.0.0.1:8787, got "${text}"`);
  }
  // A trailing slash makes relative paths append to a path prefix (a gateway behind /switchyard/).
  if (!url.pathname.endsWith('/')) url.pathname = `${url.pathname}/`;
  url.search = '';
  url.hash = '';
  return url;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** The message of an OpenAI-shaped error body ({ error: { message } }), shortened to one line. */
function errorMessage(text: string): string | undefined {
  const body = parseJson(text) as { error?: { message?: unknown } } | undefined;
  const message = body?.error?.message;
  if (typeof message !== 'string' || message.trim() === '') return undefined;
  const line = message.replace(/\s+/g, ' ').trim();
  return line.length > 200 ? `${line.slice(0, 197)}...` : line;
}

function errorCode(error: unknown): string | undefined {
  const candidate = error as {
    code?: unknown;
    cause?: { code?: unknown };
    errors?: Array<{ code?: unknown }>;
  };
  for (const code of [
    candidate.code,
    candidate.cause?.code,
    ...(candidate.errors ?? []).map((inner) => inner.code),
  ]) {
    if (typeof code === 'string') return code;
  }
  return undefined;
}
