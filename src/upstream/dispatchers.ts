// Outbound connection pools: one undici dispatcher per provider deployment, so a slow provider
// cannot starve another's sockets. Honours HTTPS_PROXY/HTTP_PROXY/NO_PROXY and an extra CA bundle.

import { readFileSync } from 'node:fs';
import { rootCertificates } from 'node:tls';
import { EnvHttpProxyAgent, Pool, type Dispatcher } from 'undici';

export interface OutboundOptions {
  /** Path to an extra PEM CA bundle, trusted in addition to Node's roots. */
  caFile?: string;
  connectionsPerOrigin: number;
  connectTimeoutMs: number;
  env?: NodeJS.ProcessEnv;
}

const proxyVariables = ['HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy'];

export class Dispatchers {
  private readonly byName = new Map<string, Dispatcher>();
  private readonly lastByName = new Map<string, { origin: string; dispatcher: Dispatcher }>();
  private readonly ca: string[] | undefined;

  constructor(private readonly options: OutboundOptions) {
    this.ca = options.caFile ? [...rootCertificates, readFileSync(options.caFile, 'utf8')] : undefined;
  }

  /**
   * The pool for one provider deployment and the origin of `url`, created on first use. Keyed by
   * both, so a reload that moves a deployment to another host gets a fresh pool.
   */
  for(name: string, url: string): Dispatcher {
    // A string prefix test first: parsing the URL on every request costs more than the rest.
    const last = this.lastByName.get(name);
    if (last !== undefined && url.startsWith(last.origin) && url.charAt(last.origin.length) === '/') {
      return last.dispatcher;
    }
    const origin = new URL(url).origin;
    const key = `${name} ${origin}`;
    let dispatcher = this.byName.get(key);
    if (!dispatcher) {
      dispatcher = this.create(origin);
      this.byName.set(key, dispatcher);
    }
    this.lastByName.set(name, { origin, dispatcher });
    return dispatcher;
  }

  private create(origin: string): Dispatcher {
    const env = this.options.env ?? process.env;
    const connect = { timeout: this.options.connectTimeoutMs, ...(this.ca ? { ca: this.ca } : {}) };
    const base = {
      connections: this.options.connectionsPerOrigin,
      keepAliveTimeout: 30_000,
      connect,
      // Timeouts are set per request (they differ per model); turn the agent-wide ones off.
      headersTimeout: 0,
      bodyTimeout: 0,
    };
    if (proxyVariables.some((name) => env[name])) {
      return new EnvHttpProxyAgent({
        ...base,
        // undici reads process.env on its own; pass the values so the `env` option is what counts.
        httpProxy: env.http_proxy ?? env.HTTP_PROXY ?? '',
        httpsProxy: env.https_proxy ?? env.HTTPS_PROXY ?? '',
        noProxy: env.no_proxy ?? env.NO_PROXY ?? '',
        // Plain-HTTP targets go as absolute-URI requests, as curl does: many proxies refuse
        // CONNECT to ports other than 443. HTTPS targets still tunnel.
        proxyTunnel: false,
        ...(this.ca ? { requestTls: { ca: this.ca } } : {}),
      });
    }
    // Without a proxy a Pool bound to the origin skips the Agent's per-request origin lookup.
    return new Pool(origin, base);
  }

  async close(): Promise<void> {
    await Promise.all([...this.byName.values()].map((dispatcher) => dispatcher.close()));
    this.byName.clear();
    this.lastByName.clear();
  }
}
