// CPU per request of each gateway thread, under a steady load that leaves the machine idle time:
// unlike throughput at saturation (which swings ±10 points on two shared cores), on-CPU time per
// request barely moves between runs, so it shows what a change to the hot path costs.
// `npx tsx bench/thread-cost.ts [seconds] [concurrency] [runs]`; PROFILE_YAML as in profile.ts.

import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gatewayEnv } from './gateway-target.js';
import { spawnGateway } from './spawn-gateway.js';
import { benchPool, sendChat } from './load/chat-request.js';
import { writeProfileYaml } from './profile-yaml.js';
import { startMockUpstream } from './mock-upstream.js';
import { benchModel } from './reference-targets.js';
import { median } from './stats.js';

const seconds = Number(process.argv[2] ?? 5);
const concurrency = Number(process.argv[3] ?? 8);
const runs = Number(process.argv[4] ?? 5);

/** Nanoseconds on CPU per thread id (schedstat's first field). */
function threadTimes(pid: number): Map<string, number> {
  const times = new Map<string, number>();
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    try {
      const onCpu = Number(readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'utf8').split(' ')[0]);
      times.set(tid, onCpu);
    } catch {
      // the thread ended between the listing and the read
    }
  }
  return times;
}

const mock = await startMockUpstream();
const dataDirectory = mkdtempSync(join(tmpdir(), 'switchyard-thread-cost-'));
writeProfileYaml(dataDirectory, mock.url);
const gateway = await spawnGateway(dataDirectory, gatewayEnv(mock.url));
const { origin, key, pid } = gateway;
const target = { name: 'gateway', origin, model: benchModel, authorization: `Bearer ${key}` };
const pool = benchPool(target as never, concurrency);

async function load(durationSeconds: number): Promise<number> {
  const deadline = performance.now() + durationSeconds * 1000;
  let succeeded = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < deadline) if (await sendChat(pool, target as never)) succeeded += 1;
    }),
  );
  return succeeded;
}

await load(Math.max(3, seconds)); // warm-up: JIT, connections
const main: number[] = [];
const others: number[] = [];
for (let run = 0; run < runs; run++) {
  const before = threadTimes(pid);
  const requests = await load(seconds);
  // Records are written after the response: give the log a moment to catch up before reading.
  await new Promise((resolve) => setTimeout(resolve, 300));
  const after = threadTimes(pid);
  let mainNs = 0;
  let otherNs = 0;
  for (const [tid, time] of after) {
    const spent = time - (before.get(tid) ?? 0);
    if (tid === String(pid)) mainNs += spent;
    else otherNs += spent;
  }
  main.push(mainNs / 1000 / requests);
  others.push(otherNs / 1000 / requests);
  console.error(
    `run ${run + 1}: ${requests} requests, main ${(mainNs / 1000 / requests).toFixed(1)} µs, other threads ${(otherNs / 1000 / requests).toFixed(1)} µs`,
  );
}
await pool.destroy();
await new Promise((resolve) => setTimeout(resolve, 3000));
const rss = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
// The main thread's heap figures from /metrics (prom-client's defaults), to tell heap from the rest.
const heap = (
  await fetch(`${origin}/metrics`).then(
    (response) => response.text(),
    () => '',
  )
)
  .split('\n')
  .filter((line) =>
    /^nodejs_(heap_size_(total|used)_bytes|external_memory_bytes|heap_space_size_used_bytes\{space="(old|new|large_object)")/.test(
      line,
    ),
  )
  .map((line) => line.replace(/ (\d+)$/, (_, bytes: string) => ` ${(Number(bytes) / 1e6).toFixed(1)} MB`));
await gateway.stop();
await mock.close();
rmSync(dataDirectory, { recursive: true, force: true });
console.log(`gateway RSS 2 s after the load: ${(Number(rss) / 1000).toFixed(1)} MB`);
for (const line of heap) console.log(`  ${line}`);
console.log(
  `median CPU per request: main thread ${median(main).toFixed(1)} µs, other threads ${median(others).toFixed(1)} µs, total ${(median(main) + median(others)).toFixed(1)} µs`,
);
