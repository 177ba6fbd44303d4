import { describe, it, expect } from 'vitest';
import { ConfigError } from './config-error.js';
import { parseConfig } from './parse-config.js';

function problemsOf(text: string, env: Record<string, string> = {}): string[] {
  try {
    parseConfig(text, 'switchyard.yaml', env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).message.split('\n');
  }
  throw new Error('expected the config to be rejected');
}

const twoProviders = `
providers:
  openai: { type: openai, apiKey: sk-test }
  anthropic: { type: anthropic, apiKey: sk-ant-test }
`;

describe('parseConfig defaults', () => {
  it('fills every default for an empty file', () => {
    const config = parseConfig('', 'switchyard.yaml', {});
    expect(config.server).toEqual({
      host: '127.0.0.1',
      port: 8787,
      bodyLimit: 32 * 1024 * 1024,
      maxInFlight: 1024,
      queueTimeoutMs: 10_000,
      maxEventLoopLagMs: 500,
      shutdownGraceMs: 30_000,
      headersTimeoutMs: 10_000,
      requestTimeoutMs: 300_000,
      maxHeaderBytes: 16_384,
      heapGrowthPercent: 50,
    });
    expect(config.auth.requireKey).toBe(true);
    expect(config.storage.dataDir).toBe('./.switchyard');
    expect(config.storage.sqlitePath).toBe('.switchyard/switchyard.db');
    expect(config.outbound.connectionsPerOrigin).toBe(256);
    expect(config.defaults).toEqual({
      maxTokens: 4096,
      timeouts: { connectMs: 10_000, firstTokenMs: 60_000, idleMs: 60_000, totalMs: 600_000 },
      retry: { attempts: 2, baseDelayMs: 200, maxDelayMs: 5000 },
      circuitBreaker: {
        enabled: true,
        failureRate: 0.5,
        minimumRequests: 20,
        consecutiveFailures: 5,
        windowMs: 10_000,
        openMs: 5_000,
        halfOpenProbes: 1,
      },
      cache: { enabled: false, ttlMs: 3_600_000, maxEntryBytes: 1024 ** 2 },
    });
    expect(config.cache).toEqual({
      store: 'auto',
      maxBytes: 16 * 1024 ** 2,
      persist: false,
      semanticMaxBytes: 64 * 1024 ** 2,
    });
    expect(config.guardrails).toEqual({ teams: {}, keys: {} });
    expect(config.providers).toEqual({});
    expect(config.models).toEqual({});
  });

  it('keeps a partial timeouts block partial and defaults the rest', () => {
    const config = parseConfig('defaults:\n  timeouts: { firstTokenMs: 120000 }\n', 'x.yaml', {});
    expect(config.defaults.timeouts).toEqual({
      connectMs: 10_000,
      firstTokenMs: 120_000,
      idleMs: 60_000,
      totalMs: 600_000,
    });
  });

  it('derives sqlitePath from dataDir unless given', () => {
    expect(parseConfig('storage: { dataDir: /var/lib/sy }', 'x', {}).storage.sqlitePath).toBe(
      '/var/lib/sy/switchyard.db',
    );
    expect(parseConfig('storage: { dataDir: /a, sqlitePath: /b/c.db }', 'x', {}).storage.sqlitePath).toBe(
      '/b/c.db',
    );
  });

  it('normalises providers: default base URLs, no trailing slash, apiKey becomes apiKeys', () => {
    const config = parseConfig(
      `${twoProviders}  local:
    type: openai-compatible
    baseUrl: http://127.0.0.1:8000/v1/
    server: vllm
    apiKeys: [one, "", two]
    headers: { X-Team: search }
`,
      'x.yaml',
      {},
    );
    expect(config.providers.openai).toEqual({
      type: 'openai',
      baseUrl: 'https://api.openai.com/v1',
      apiKeys: ['sk-test'],
      headers: {},
    });
    expect(config.providers.anthropic?.baseUrl).toBe('https://api.anthropic.com/v1');
    expect(config.providers.local).toEqual({
      type: 'openai-compatible',
      baseUrl: 'http://127.0.0.1:8000/v1',
      apiKeys: ['one', 'two'],
      headers: { 'X-Team': 'search' },
      server: 'vllm',
    });
  });

  it('parses byte sizes in every accepted form', () => {
    const limit = (value: string) => parseConfig(`server: { bodyLimit: ${value} }`, 'x', {}).server.bodyLimit;
    expect(limit('1048576')).toBe(1_048_576);
    expect(limit('512kb')).toBe(512 * 1024);
    expect(limit('32MB')).toBe(32 * 1024 * 1024);
    expect(limit('"1.5m"')).toBe(1_572_864);
    expect(problemsOf('server: { bodyLimit: 32 megs }')).toEqual([
      'switchyard.yaml:1: server.bodyLimit: expected a byte size: a number of bytes or text like "512kb" or "32mb"',
    ]);
    expect(problemsOf('server: { bodyLimit: 0 }')).toEqual([
      'switchyard.yaml:1: server.bodyLimit: must be at least 1',
    ]);
    expect(problemsOf('server: { bodyLimit: 0kb }')).toEqual([
      'switchyard.yaml:1: server.bodyLimit: expected a byte size: a number of bytes or text like "512kb" or "32mb"',
    ]);
  });

  it('defaults a target model to "*", its weight to 1, a model kind to chat and its balance to priority', () => {
    const config = parseConfig(
      `${twoProviders}models:\n  gpt-4o: { targets: [{ provider: openai }] }\n`,
      'x',
      {},
    );
    expect(config.models['gpt-4o']).toEqual({
      kind: 'chat',
      balance: 'priority',
      targets: [{ provider: 'openai', model: '*', weight: 1 }],
    });
  });
});

describe('parseConfig environment interpolation', () => {
  it('substitutes variables and defaults, and numbers and booleans arrive typed', () => {
    const config = parseConfig(
      `server:
  port: \${PORT}
  host: \${HOST:-0.0.0.0}
auth:
  requireKey: \${REQUIRE_KEY:-false}
providers:
  openai: { type: openai, apiKey: "\${OPENAI_API_KEY}", baseUrl: "https://\${UPSTREAM_HOST}/v1" }
`,
      'x.yaml',
      { PORT: '9090', OPENAI_API_KEY: 'sk-live', UPSTREAM_HOST: 'proxy.internal' },
    );
    expect(config.server.port).toBe(9090);
    expect(config.server.host).toBe('0.0.0.0');
    expect(config.auth.requireKey).toBe(false);
    expect(config.providers.openai?.apiKeys).toEqual(['sk-live']);
    expect(config.providers.openai?.baseUrl).toBe('https://proxy.internal/v1');
  });

  it('names the key path and line of an unset variable, once', () => {
    expect(problemsOf('server:\n  host: ok\n  port: ${PORT}\n')).toEqual([
      'switchyard.yaml:3: server.port: environment variable PORT is not set (use ${PORT:-default} to give a default)',
    ]);
  });

  it('keeps "$${" as a literal "${" and never re-reads substituted text', () => {
    const config = parseConfig(
      'providers:\n  p: { type: openai, apiKey: "a$${NOT_A_VAR}b", headers: { X-Token: "${TOKEN}" } }\n',
      'x',
      { TOKEN: '${HOME}' },
    );
    expect(config.providers.p?.apiKeys).toEqual(['a${NOT_A_VAR}b']);
    expect(config.providers.p?.headers['X-Token']).toBe('${HOME}');
  });

  it('rejects a numeric variable that is not a number, naming the expectation', () => {
    expect(problemsOf('server: { port: "${PORT}" }', { PORT: 'eighty' })).toEqual([
      'switchyard.yaml:1: server.port: expected a number, got "eighty"',
    ]);
  });
});

describe('parseConfig problems', () => {
  it('reports an unknown provider with the defined ones, the key path and the line', () => {
    const text = `${twoProviders}models:
  gpt-4o:
    targets:
      - provider: opena1
        model: gpt-4o
`;
    expect(problemsOf(text)).toEqual([
      'switchyard.yaml:8: models.gpt-4o.targets[0].provider: unknown provider "opena1" (defined: openai, anthropic)',
    ]);
  });

  it('lists every problem at once, in file order', () => {
    const text = `server:
  prot: 80
  maxInFlight: 0
providers:
  vllm: { type: openai-compatible }
  openai: { type: openai, apiKey: a, apiKeys: [b], server: vllm }
models:
  "gpt-4.1": { targets: [] }
  bad*name: { targets: [{ provider: openai }] }
  embed: { kind: embeddings, targets: [{ provider: claude }] }
`;
    expect(problemsOf(text)).toEqual([
      'switchyard.yaml:2: server: unknown key "prot" (did you mean "port"?)',
      'switchyard.yaml:3: server.maxInFlight: must be at least 1',
      'switchyard.yaml:5: providers.vllm: baseUrl is required for type openai-compatible (e.g. http://127.0.0.1:8000/v1)',
      'switchyard.yaml:6: providers.openai.apiKeys: use apiKey or apiKeys, not both',
      'switchyard.yaml:6: providers.openai.server: only applies to providers of type openai-compatible',
      'switchyard.yaml:8: models["gpt-4.1"].targets: needs at least 1 entry',
      `switchyard.yaml:9: models.bad*name: a pattern has one '*', at the end (e.g. "claude-*" or "groq/*")`,
      'switchyard.yaml:10: models.embed.targets[0].provider: unknown provider "claude" (defined: vllm, openai)',
    ]);
  });

  it('rejects circuit breaker settings that cannot work, saying where', () => {
    expect(problemsOf('defaults:\n  circuitBreaker: { failureRate: 1.5, openMs: 0 }\n')).toEqual([
      'switchyard.yaml:2: defaults.circuitBreaker.failureRate: must be at most 1',
      'switchyard.yaml:2: defaults.circuitBreaker.openMs: must be at least 1',
    ]);
    expect(
      problemsOf(
        `${twoProviders}models:\n  m:\n    targets: [{ provider: openai }]\n    circuitBreaker: { consecutiveFailures: 0 }\n`,
      ),
    ).toEqual(['switchyard.yaml:8: models.m.circuitBreaker.consecutiveFailures: must be at least 1']);
  });

  it("bounds the semantic index's size", () => {
    expect(problemsOf('cache:\n  semanticMaxBytes: 64kb\n')).toEqual([
      'switchyard.yaml:2: cache.semanticMaxBytes: must be at least 1mb',
    ]);
    expect(
      parseConfig('cache:\n  semanticMaxBytes: 32mb\n', 'switchyard.yaml', {}).cache.semanticMaxBytes,
    ).toBe(32 * 1024 ** 2);
  });

  it('treats unknown keys as errors everywhere except under headers', () => {
    expect(problemsOf('defaults:\n  retry: { attempts: 1, jitter: true }\n')).toEqual([
      'switchyard.yaml:2: defaults.retry: unknown key "jitter" (allowed: attempts, baseDelayMs, maxDelayMs)',
    ]);
    expect(
      problemsOf(`${twoProviders}models:\n  m: { targets: [{ provider: openai, modle: x }] }\n`),
    ).toEqual(['switchyard.yaml:6: models.m.targets[0]: unknown key "modle" (did you mean "model"?)']);
    const config = parseConfig(
      'providers:\n  p: { type: openai, headers: { Anything-Goes: "1" } }\n',
      'x',
      {},
    );
    expect(config.providers.p?.headers).toEqual({ 'Anything-Goes': '1' });
  });

  it('rejects base URLs that are not http(s) URLs, and names the choices of an enum', () => {
    expect(problemsOf('providers:\n  p: { type: openai-compatible, baseUrl: "ftp://x/v1" }\n')).toEqual([
      'switchyard.yaml:2: providers.p.baseUrl: expected a http/https URL such as https://api.example.com/v1',
    ]);
    expect(problemsOf('providers:\n  p: { type: azure }\n')).toEqual([
      'switchyard.yaml:2: providers.p.type: expected one of "openai", "anthropic", "openai-compatible", "azure-openai", "gemini", "vertex", "vertex-anthropic", "bedrock", "bedrock-anthropic", "mistral"; got "azure"',
    ]);
  });

  it('refuses embeddings on an anthropic provider and partial wildcards in a target model', () => {
    const text = `${twoProviders}models:
  e: { kind: embeddings, targets: [{ provider: anthropic }] }
  c: { targets: [{ provider: openai, model: "gpt-*" }] }
`;
    expect(problemsOf(text)).toEqual([
      'switchyard.yaml:6: models.e.targets[0].provider: provider "anthropic" is of type anthropic, which has no embeddings API',
      `switchyard.yaml:7: models.c.targets[0].model: "gpt-*": only '*' on its own is special here`,
    ]);
  });

  it('requires retry.maxDelayMs >= baseDelayMs and a missing targets list', () => {
    expect(
      problemsOf(
        'defaults: { retry: { baseDelayMs: 1000, maxDelayMs: 10 } }\nmodels:\n  m: { kind: chat }\n',
      ),
    ).toEqual([
      'switchyard.yaml:1: defaults.retry.maxDelayMs: must be at least baseDelayMs (1000)',
      'switchyard.yaml:3: models.m.targets: required (expected a list)',
    ]);
  });
});
