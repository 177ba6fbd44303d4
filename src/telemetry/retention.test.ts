import { describe, expect, it } from 'vitest';
import { parseConfig } from '../config/parse-config.js';
import { MemoryRecordStore } from '../storage/memory/memory-record-store.js';
import { purgeRules, RetentionJob } from './retention.js';
import { sampleRecord } from './testing/sample-record.js';

const day = 24 * 60 * 60 * 1000;
const now = Date.UTC(2026, 0, 31);

const config = parseConfig(
  `
providers:
  openai: { type: openai, apiKey: k }
records:
  retentionDays: 30
  teams:
    audit: { retentionDays: 365 }
models:
  short-lived:
    targets: [{ provider: openai }]
    records: { retentionDays: 1 }
  plain:
    targets: [{ provider: openai }]
`,
  'test.yaml',
  {},
);

describe('purgeRules', () => {
  it('gives a route its own days, then a team, then the default, each leaving the others alone', () => {
    expect(purgeRules(config, now)).toEqual([
      { before: now - 1 * day, route: 'short-lived' },
      { before: now - 365 * day, teamId: 'audit', exceptRoutes: ['short-lived'] },
      { before: now - 30 * day, exceptRoutes: ['short-lived'], exceptTeams: ['audit'] },
    ]);
  });
});

describe('RetentionJob', () => {
  it('deletes exactly what each rule covers and logs the purges', async () => {
    const store = new MemoryRecordStore();
    const at = (days: number): number => now - days * day;
    await store.insert([
      sampleRecord({ id: 'route-old', route: 'short-lived', receivedAt: at(2) }),
      sampleRecord({ id: 'route-new', route: 'short-lived', receivedAt: at(0.5) }),
      sampleRecord({ id: 'team-old', route: 'plain', teamId: 'audit', receivedAt: at(400) }),
      sampleRecord({ id: 'team-kept', route: 'plain', teamId: 'audit', receivedAt: at(100) }),
      sampleRecord({ id: 'default-old', route: 'plain', teamId: null, receivedAt: at(31) }),
      sampleRecord({ id: 'default-kept', route: 'plain', teamId: 'other', receivedAt: at(29) }),
      // The route's own (short) retention wins over the audit team's long one.
      sampleRecord({ id: 'route-over-team', route: 'short-lived', teamId: 'audit', receivedAt: at(3) }),
    ]);
    const job = new RetentionJob({ store, config: () => config, now: () => now });
    expect(await job.run()).toBe(4);
    const left = await store.query({ organizationId: 'org_default', limit: 100 });
    expect(left.records.map((record) => record.id).sort()).toEqual([
      'default-kept',
      'route-new',
      'team-kept',
    ]);
    const purges = await store.purges();
    expect(purges).toHaveLength(3);
    expect(purges.map((purge) => purge.deleted).sort()).toEqual([1, 1, 2]);
  });

  it('keeps going when one rule fails, and reports it', async () => {
    const store = new MemoryRecordStore();
    let calls = 0;
    const failing = Object.assign(Object.create(store) as MemoryRecordStore, {
      purge: async (): Promise<number> => {
        calls++;
        if (calls === 1) throw new Error('disk on fire');
        return 0;
      },
    });
    const lines: string[] = [];
    const job = new RetentionJob({
      store: failing,
      config: () => config,
      now: () => now,
      log: (line) => lines.push(line),
    });
    expect(await job.run()).toBe(0);
    expect(calls).toBe(3);
    expect(lines.join('\n')).toContain('disk on fire');
  });
});
