// Runs the bench harness's own unit tests (`npx vitest run --config bench/vitest.config.ts`). Kept
// apart from the root config so `npm test` never runs anything under bench/.

import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    root: fileURLToPath(new URL('..', import.meta.url)),
    include: ['bench/**/*.test.ts'],
    exclude: ['bench/results/**'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
  },
});
