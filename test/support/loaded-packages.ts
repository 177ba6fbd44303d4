// Run as its own process (test/lean-startup.test.ts): starts a gateway on the embedded default,
// serves one request, and prints the npm packages Node's CommonJS loader has loaded, as JSON.
// A separate process because a test runner's own module cache would mix in what other tests loaded.

import { createRequire } from 'node:module';
import { mockProvidersYaml, startTestGateway } from './test-gateway.js';

const gateway = await startTestGateway(mockProvidersYaml('http://127.0.0.1:9', 'http://127.0.0.1:9'));
try {
  await fetch(`${gateway.url}/v1/models`, { headers: { authorization: `Bearer ${gateway.key}` } });
} finally {
  await gateway.close();
}
const cache = createRequire(import.meta.url).cache;
const packages = new Set<string>();
for (const file of Object.keys(cache)) {
  const match = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(file);
  if (match?.[1] !== undefined) packages.add(match[1]);
}
process.stdout.write(JSON.stringify([...packages].sort()));
