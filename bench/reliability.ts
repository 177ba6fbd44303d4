// `npx tsx bench/reliability.ts [runs]`: the gateway (built, a child process) in front of
// fault-injecting upstreams (src/upstream/testing/fault-upstream.ts), three scenarios from issue 5:
//   flaky   - a primary failing 30% of requests (503s and resets), a healthy backup: 10,000
//             requests with a 2 s budget each; how many succeed, and how far any ran past it;
//   down    - a primary that never answers (500 ms attempt timeout) and a healthy backup: once the
//             breaker opens, is p99 back to the backup's own p99 (measured just before and after)?
//   budget  - a budget of 50 ms on a target that never answers: by how much do requests overrun?
//   tail    - two replicas with the same heavy-tailed latency (Pareto, minimum 5 ms, shape 1.5):
//             p99 and upstream calls without hedging, then hedged at the first target's p95.
// Medians over `runs` runs (default 3), each with a fresh gateway. Prints a markdown table and
// writes it to bench/results/reliability.md. A benchmark, not a test.

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { format } from 'prettier';
import { Agent, request } from 'undici';
import { FaultUpstream } from '../src/upstream/testing/fault-upstream.js';
import { spawnGateway, type SpawnedGateway } from './spawn-gateway.js';
import { median, percentile } from './stats.js';

const runs = Number(process.argv[2] ?? 3);
const resultsFile = new URL('./results/reliability.md', import.meta.url);

interface Outcome {
  status: number;
  ms: number;
  /** Milliseconds past the request's budget (negative: it finished inside). */
  overrun: number;
  provider: string;
}

async function load(
  gateway: SpawnedGateway,
  dispatcher: Agent,
  options: { model: string; total: number; concurrency: number; budgetMs?: number },
): Promise<Outcome[]> {
  const outcomes: Outcome[] = [];
  let sent = 0;
  const body = JSON.stringify({ model: options.model, messages: [{ role: 'user', content: 'hello' }] });
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    authorization: `Bearer ${gateway.key}`,
  };
  if (options.budgetMs !== undefined) headers['x-switchyard-budget-ms'] = String(options.budgetMs);
  await Promise.all(
    Array.from({ length: options.concurrency }, async () => {
      while (sent < options.total) {
        sent++;
        const started = performance.now();
        const response = await request(`${gateway.origin}/v1/chat/completions`, {
          method: 'POST',
          headers,
          body,
          dispatcher,
        });
        await response.body.arrayBuffer();
        const ms = performance.now() - started;
        outcomes.push({
          status: response.statusCode,
          ms,
          overrun: options.budgetMs === undefined ? Number.NaN : ms - options.budgetMs,
          provider: String(response.headers['x-switchyard-provider'] ?? ''),
        });
      }
    }),
  );
  return outcomes;
}

interface RunFigures {
  flakySuccess: number;
  flakyMaxOverrun: number;
  downTimeouts: number;
  downP99: number;
  backupP99: number;
  budgetP50: number;
  budgetP99: number;
  budgetMax: number;
  /** The same overruns as the gateway saw them: its request log's doneAt - receivedAt - budget. */
  gatewayP99: number;
  gatewayMax: number;
  tailPlainP99: number;
  tailHedgedP99: number;
  /** Upstream calls per request beyond one, with hedging (and without, as a check: 0). */
  tailExtraCalls: number;
  tailPlainExtraCalls: number;
}

/** Overruns from the gateway's own request log (answer sent vs arrival), once every record is in. */
async function loggedOverruns(
  gateway: SpawnedGateway,
  model: string,
  budgetMs: number,
  expected: number,
): Promise<number[]> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const response = await fetch(`${gateway.origin}/admin/records?model=${model}&limit=1000`, {
      headers: { authorization: `Bearer ${gateway.adminToken}` },
    });
    const page = (await response.json()) as { data: Array<{ receivedAt: number; doneAt: number }> };
    if (page.data.length >= expected)
      return page.data.map((record) => record.doneAt - record.receivedAt - budgetMs);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`the request log did not receive the ${expected} records of ${model}`);
}

async function run(): Promise<RunFigures> {
  const flaky = await new FaultUpstream({
    plan: {
      faults: [
        { fault: { kind: 'status', status: 503 }, rate: 0.2 },
        { fault: { kind: 'reset-before-headers' }, rate: 0.1 },
      ],
    },
    seed: Math.floor(Math.random() * 1e9),
  }).start();
  const dead = await new FaultUpstream({
    plan: { faults: [{ fault: { kind: 'hang-before-headers' }, rate: 1 }] },
  }).start();
  const backup = await new FaultUpstream({ plan: { latency: { kind: 'fixed', ms: 2 } } }).start();
  const tail = { latency: { kind: 'pareto', minimumMs: 5, shape: 1.5, capMs: 2000 } } as const;
  const seed = () => Math.floor(Math.random() * 1e9);
  const tailA = await new FaultUpstream({ plan: tail, seed: seed() }).start();
  const tailB = await new FaultUpstream({ plan: tail, seed: seed() }).start();
  const dataDirectory = mkdtempSync(join(tmpdir(), 'switchyard-reliability-'));
  writeFileSync(
    join(dataDirectory, 'switchyard.yaml'),
    `
providers:
  flaky: { type: openai, baseUrl: ${flaky.origin}/v1, apiKey: flaky-key }
  dead: { type: openai, baseUrl: ${dead.origin}/v1, apiKey: dead-key }
  backup: { type: openai, baseUrl: ${backup.origin}/v1, apiKey: backup-key }
  tail-a: { type: openai, baseUrl: ${tailA.origin}/v1, apiKey: a-key }
  tail-b: { type: openai, baseUrl: ${tailB.origin}/v1, apiKey: b-key }
defaults:
  retry: { attempts: 2, baseDelayMs: 10, maxDelayMs: 100 }
models:
  flaky-route:
    targets: [{ provider: flaky, model: m }, { provider: backup, model: m }]
  down-route:
    targets: [{ provider: dead, model: m, timeouts: { totalMs: 500 } }, { provider: backup, model: m }]
  backup-route:
    targets: [{ provider: backup, model: m }]
  dead-only:
    targets: [{ provider: dead, model: only }]
    circuitBreaker: { enabled: false }
  tail-plain:
    targets: [{ provider: tail-a, model: plain }, { provider: tail-b, model: plain }]
  tail-hedged:
    hedge: {}
    targets: [{ provider: tail-a, model: hedged }, { provider: tail-b, model: hedged }]
`,
  );
  const { PATH, HOME, LANG, TMPDIR } = process.env;
  const gateway = await spawnGateway(
    dataDirectory,
    Object.fromEntries(
      Object.entries({ PATH, HOME, LANG, TMPDIR }).filter(([, value]) => value !== undefined),
    ),
  );
  const dispatcher = new Agent({ connections: 64 });
  try {
    await load(gateway, dispatcher, { model: 'backup-route', total: 500, concurrency: 16 }); // warm-up
    const flakyOutcomes = await load(gateway, dispatcher, {
      model: 'flaky-route',
      total: 10_000,
      concurrency: 32,
      budgetMs: 2000,
    });
    // The backup alone just before and just after the down phase, so drift hurts both alike.
    const backupBefore = await load(gateway, dispatcher, {
      model: 'backup-route',
      total: 2000,
      concurrency: 16,
    });
    const downOutcomes = await load(gateway, dispatcher, {
      model: 'down-route',
      total: 4000,
      concurrency: 16,
    });
    const backupAfter = await load(gateway, dispatcher, {
      model: 'backup-route',
      total: 2000,
      concurrency: 16,
    });
    const backupOutcomes = [...backupBefore, ...backupAfter];
    // The first requests pay the timeout until the breaker opens; the figure is the steady state
    // that follows: the second half of the phase, in completion order.
    const afterOpen = downOutcomes.slice(downOutcomes.length / 2);
    const budgetOutcomes = await load(gateway, dispatcher, {
      model: 'dead-only',
      total: 400,
      concurrency: 8,
      budgetMs: 50,
    });
    const overruns = budgetOutcomes.map((outcome) => outcome.overrun);
    const tailCalls = () => tailA.requests + tailB.requests;
    const plainCalls = tailCalls();
    const plain = await load(gateway, dispatcher, { model: 'tail-plain', total: 3000, concurrency: 8 });
    const hedgedCalls = tailCalls();
    const hedged = await load(gateway, dispatcher, { model: 'tail-hedged', total: 3000, concurrency: 8 });
    const extraCalls = (tailCalls() - hedgedCalls) / hedged.length - 1;
    const plainExtra = (hedgedCalls - plainCalls) / plain.length - 1;
    const gatewayOverruns = await loggedOverruns(gateway, 'dead-only', 50, budgetOutcomes.length);
    return {
      flakySuccess: flakyOutcomes.filter((outcome) => outcome.status === 200).length / flakyOutcomes.length,
      flakyMaxOverrun: Math.max(...flakyOutcomes.map((outcome) => outcome.overrun)),
      downTimeouts: downOutcomes.filter((outcome) => outcome.ms >= 450).length,
      downP99: percentile(
        afterOpen.map((outcome) => outcome.ms),
        0.99,
      ),
      backupP99: percentile(
        backupOutcomes.map((outcome) => outcome.ms),
        0.99,
      ),
      budgetP50: percentile(overruns, 0.5),
      budgetP99: percentile(overruns, 0.99),
      budgetMax: Math.max(...overruns),
      gatewayP99: percentile(gatewayOverruns, 0.99),
      gatewayMax: Math.max(...gatewayOverruns),
      tailPlainP99: percentile(plain.map((outcome) => outcome.ms), 0.99),
      // The first 100 hedged requests run before the p95 is known (no hedge yet): left out.
      tailHedgedP99: percentile(hedged.slice(100).map((outcome) => outcome.ms), 0.99),
      tailExtraCalls: extraCalls,
      tailPlainExtraCalls: plainExtra,
    };
  } finally {
    await dispatcher.close();
    await gateway.stop();
    await Promise.all([flaky.stop(), dead.stop(), backup.stop(), tailA.stop(), tailB.stop()]);
    rmSync(dataDirectory, { recursive: true, force: true });
  }
}

const figures: RunFigures[] = [];
for (let index = 0; index < runs; index++) {
  const result = await run();
  figures.push(result);
  process.stderr.write(`run ${index + 1}: ${JSON.stringify(result)}\n`);
}
const med = (pick: (figure: RunFigures) => number): number => median(figures.map(pick));
const each = (pick: (figure: RunFigures) => number, digits = 1): string =>
  figures.map((figure) => pick(figure).toFixed(digits)).join(', ');
const table = [
  `# Reliability under faults`,
  '',
  `${new Date().toISOString()} · Node ${process.version} · ${cpus().length} cores · median of ${runs} runs (each: a fresh gateway)`,
  '',
  '| scenario | figure | goal | median | runs |',
  '| --- | --- | --- | --- | --- |',
  `| flaky primary (30% 503/reset), backup | requests answered, of 10,000 | ≥ 99.9% | ${(med((figure) => figure.flakySuccess) * 100).toFixed(2)}% | ${each((figure) => figure.flakySuccess * 100, 2)} |`,
  `| | worst overrun of the 2 s budget (ms) | ≤ 0 | ${med((figure) => figure.flakyMaxOverrun).toFixed(1)} | ${each((figure) => figure.flakyMaxOverrun)} |`,
  `| primary down (500 ms timeout), backup | requests that paid the timeout, of 4,000 | breaker opens | ${med((figure) => figure.downTimeouts)} | ${each((figure) => figure.downTimeouts, 0)} |`,
  `| | p99, second half of the phase (ms) | ≤ backup p99 + 1 | ${med((figure) => figure.downP99).toFixed(2)} | ${each((figure) => figure.downP99, 2)} |`,
  `| | p99 minus the backup's, paired per run (ms) | ≤ +1 | ${med((figure) => figure.downP99 - figure.backupP99).toFixed(2)} | ${each((figure) => figure.downP99 - figure.backupP99, 2)} |`,
  `| | backup alone, p99 (ms) | | ${med((figure) => figure.backupP99).toFixed(2)} | ${each((figure) => figure.backupP99, 2)} |`,
  `| 50 ms budget, target never answers | overrun p50 (ms) | ≤ 5 | ${med((figure) => figure.budgetP50).toFixed(2)} | ${each((figure) => figure.budgetP50, 2)} |`,
  `| | overrun p99 (ms) | ≤ 5 | ${med((figure) => figure.budgetP99).toFixed(2)} | ${each((figure) => figure.budgetP99, 2)} |`,
  `| | worst overrun (ms) | ≤ 5 | ${med((figure) => figure.budgetMax).toFixed(2)} | ${each((figure) => figure.budgetMax, 2)} |`,
  `| | as the gateway logged it: overrun p99 (ms, whole ms) | ≤ 5 | ${med((figure) => figure.gatewayP99)} | ${each((figure) => figure.gatewayP99, 0)} |`,
  `| | as the gateway logged it: worst overrun (ms, whole ms) | ≤ 5 | ${med((figure) => figure.gatewayMax)} | ${each((figure) => figure.gatewayMax, 0)} |`,
  `| heavy-tailed replicas (Pareto 5 ms, 1.5), c=8 | p99 without hedging (ms) | | ${med((figure) => figure.tailPlainP99).toFixed(1)} | ${each((figure) => figure.tailPlainP99)} |`,
  `| | p99 hedged at the p95 (ms) | ≤ half | ${med((figure) => figure.tailHedgedP99).toFixed(1)} | ${each((figure) => figure.tailHedgedP99)} |`,
  `| | hedged p99 / plain p99 | ≤ 0.5 | ${med((figure) => figure.tailHedgedP99 / figure.tailPlainP99).toFixed(2)} | ${each((figure) => figure.tailHedgedP99 / figure.tailPlainP99, 2)} |`,
  `| | extra upstream calls with hedging | ≤ ~10% | ${(med((figure) => figure.tailExtraCalls) * 100).toFixed(1)}% | ${each((figure) => figure.tailExtraCalls * 100)} |`,
  `| | extra upstream calls without (a check: 0) | 0 | ${(med((figure) => figure.tailPlainExtraCalls) * 100).toFixed(1)}% | ${each((figure) => figure.tailPlainExtraCalls * 100)} |`,
].join('\n');
const report = await format(table, { parser: 'markdown' });
writeFileSync(resultsFile, report);
console.log(report);
