// Run only by services.test.ts, in a child vitest with CI=true and no server on the port: every
// test here must then fail, never skip.
import { expect, it } from 'vitest';
import { describeWithPostgres } from '../services.js';

describeWithPostgres(
  'a suite that needs Postgres',
  () => {
    it('first test', () => expect(true).toBe(true));
    it('second test', () => expect(true).toBe(true));
  },
  { url: process.env.SWITCHYARD_FIXTURE_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:1/test' },
);
