// Configuration for the child vitest run in services.test.ts; it includes only the fixtures here.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/storage/testing/__fixtures__/*.fixture.ts'],
    pool: 'forks',
    reporters: ['default'],
  },
});
