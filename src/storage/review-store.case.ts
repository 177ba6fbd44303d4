// The ReviewStore conformance suite: every backend registers these tests with a factory that
// opens its record store and the review queue beside it, so memory, SQLite and Postgres queue,
// list, decide and purge alike. Test support only.

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Clock } from './clock.js';
import type { IdGenerator } from './id-generator.js';
import type { RecordStore } from './record-store.js';
import { expectStorageError } from './record-store.case.js';
import type { Review, ReviewDecision, ReviewStore } from './review-store.js';
import { manualClock, sequentialIds, type ManualClock } from './testing/determinism.js';
import { at, fixtureEpoch, fullRecord } from './testing/record-fixtures.js';
import type { RequestRecord } from '../telemetry/request-record.js';

export interface ReviewStoreHarness {
  records: RecordStore;
  reviews: ReviewStore;
  close?(): Promise<void>;
}

export type ReviewStoreFactory = (options: {
  clock: Clock;
  newId: IdGenerator;
}) => Promise<ReviewStoreHarness>;

const start = new Date('2025-06-01T00:00:00.000Z');

/** A record two checks flagged (pii twice, at both stages), another only logged, one allowed. */
function flaggedRecord(id: string, overrides: Partial<RequestRecord> = {}): RequestRecord {
  return fullRecord(id, {
    guardrails: [
      { check: 'injection', stage: 'input', action: 'flag', score: 0.91, latencyMs: 0.2 },
      { check: 'pii', stage: 'input', action: 'flag', found: { email: 1 }, latencyMs: 0.1 },
      { check: 'secrets', stage: 'input', action: 'log', latencyMs: 0.1 },
      { check: 'pii', stage: 'output', action: 'flag', found: { phone: 1 }, latencyMs: 0.1 },
      { check: 'leakage', stage: 'output', action: 'allow', latencyMs: 0.1 },
    ],
    ...overrides,
  });
}

const dayMs = 86_400_000;
const heldAnswerText = JSON.stringify({
  id: 'chatcmpl-1',
  choices: [{ message: { content: 'Project Atlas ships in May.' } }],
});

/** A record whose answer a phrases check held, with a callback (or, given null, polled). */
function heldRecord(
  id: string,
  overrides: Partial<RequestRecord> = {},
  callbackUrl: string | null = 'https://app.example/hooks',
): RequestRecord {
  return fullRecord(id, {
    guardrails: [
      { check: 'phrases', stage: 'output', action: 'hold', found: { 'project atlas': 1 }, latencyMs: 0.1 },
    ],
    hold: {
      answer: heldAnswerText,
      callbackUrl,
      secretEnv: callbackUrl === null ? null : 'HOLD_SECRET',
      expiresAt: start.getTime() + dayMs,
    },
    ...overrides,
  });
}

function decision(id: string, overrides: Partial<ReviewDecision> = {}): ReviewDecision {
  return {
    id,
    organizationId: 'acme',
    verdict: 'approve',
    note: 'false positive: a support address',
    decidedBy: 'alice',
    decidedByKeyId: 'admin-key-1',
    ...overrides,
  };
}

export function reviewStoreCase(backend: string, factory: ReviewStoreFactory): void {
  describe(`ReviewStore conformance: ${backend}`, () => {
    let harness: ReviewStoreHarness;
    let time: ManualClock;
    let records: RecordStore;
    let reviews: ReviewStore;

    beforeEach(async () => {
      time = manualClock(start);
      harness = await factory({ clock: time.clock, newId: sequentialIds() });
      ({ records, reviews } = harness);
    });

    afterEach(async () => {
      await harness.close?.();
    });

    const ids = async (filter: Partial<Parameters<ReviewStore['list']>[0]> = {}) =>
      (await reviews.list({ organizationId: 'acme', limit: 1000, ...filter })).reviews.map(
        (review) => review.id,
      );

    it('queues a flagged record with its flagging checks once each, pending; not an unflagged one', async () => {
      await records.insert([flaggedRecord('flagged'), fullRecord('clean', { receivedAt: fixtureEpoch + 1 })]);
      const expected: Review = {
        id: 'flagged',
        organizationId: 'acme',
        teamId: 'team-research',
        projectId: 'project-atlas',
        keyId: 'key-1',
        receivedAt: fixtureEpoch,
        createdAt: start.getTime(),
        route: 'chat-default',
        model: 'gpt-4o',
        checks: ['injection', 'pii'],
        status: 'pending',
        note: null,
        decidedBy: null,
        decidedByKeyId: null,
        decidedAt: null,
        hold: null,
      };
      expect(await reviews.get('flagged', 'acme')).toEqual(expected);
      expect(await reviews.get('clean', 'acme')).toBeUndefined();
      expect(await reviews.list({ organizationId: 'acme' })).toEqual({ reviews: [expected] });
      expect(await reviews.pendingCount()).toBe(1);
    });

    it('keeps the route and scope a record lacks as null', async () => {
      await records.insert([
        flaggedRecord('bare', { route: null, teamId: null, projectId: null, keyId: null }),
      ]);
      expect(await reviews.get('bare', 'acme')).toMatchObject({
        route: null,
        teamId: null,
        projectId: null,
        keyId: null,
      });
    });

    it('queues only new records: a replayed record neither adds an item nor resets a decision', async () => {
      await records.insert([fullRecord('first-clean')]);
      await records.insert([
        flaggedRecord('first-clean'),
        flaggedRecord('decided', { receivedAt: fixtureEpoch + 1 }),
      ]);
      expect(await ids()).toEqual(['decided']);
      expect((await reviews.decide(decision('decided'))).outcome).toBe('decided');
      await records.insert([flaggedRecord('decided', { receivedAt: fixtureEpoch + 1 })]);
      expect(await reviews.get('decided', 'acme')).toMatchObject({ status: 'approved', decidedBy: 'alice' });
      expect(await reviews.pendingCount()).toBe(0);
    });

    it('queues nothing of a batch the record store refuses', async () => {
      const batch = [flaggedRecord('good'), flaggedRecord('bad', { receivedAt: Number.NaN })];
      await expectStorageError(records.insert(batch), 'invalid-input');
      expect(await ids()).toEqual([]);
      expect(await reviews.pendingCount()).toBe(0);
    });

    it('lists newest first, by status, in pages whose cursor breaks ties by id', async () => {
      await records.insert([
        flaggedRecord('r1', { receivedAt: at(1) }),
        flaggedRecord('r2', { receivedAt: at(2) }),
        flaggedRecord('r3a', { receivedAt: at(3) }),
        flaggedRecord('r3b', { receivedAt: at(3) }),
        flaggedRecord('r4', { receivedAt: at(4) }),
      ]);
      await reviews.decide(decision('r2'));
      await reviews.decide(decision('r3a', { verdict: 'reject' }));
      expect(await ids()).toEqual(['r4', 'r3b', 'r3a', 'r2', 'r1']);
      expect(await ids({ status: 'pending' })).toEqual(['r4', 'r3b', 'r1']);
      expect(await ids({ status: 'approved' })).toEqual(['r2']);
      expect(await ids({ status: 'rejected' })).toEqual(['r3a']);
      const walked: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await reviews.list({ organizationId: 'acme', limit: 2, cursor });
        walked.push(...page.reviews.map((review) => review.id));
        expect(page.reviews.length).toBeLessThanOrEqual(2);
        cursor = page.nextCursor;
      } while (cursor !== undefined);
      expect(walked).toEqual(['r4', 'r3b', 'r3a', 'r2', 'r1']);
      const pending = await reviews.list({ organizationId: 'acme', status: 'pending', limit: 1 });
      expect(pending.reviews.map((review) => review.id)).toEqual(['r4']);
      const next = await reviews.list({
        organizationId: 'acme',
        status: 'pending',
        cursor: pending.nextCursor,
      });
      expect(next).toEqual({
        reviews: [expect.objectContaining({ id: 'r3b' }), expect.objectContaining({ id: 'r1' })],
      });
    });

    it('refuses a bad status, limit or cursor', async () => {
      const bad = [
        { status: 'open' as never },
        { limit: 0 },
        { limit: 1001 },
        { limit: 2.5 },
        { cursor: 'not a cursor' },
        { cursor: Buffer.from('[1]').toString('base64url') },
        { organizationId: '' },
      ];
      for (const filter of bad) {
        await expectStorageError(reviews.list({ organizationId: 'acme', ...filter }), 'invalid-input');
      }
    });

    it('records a decision once: the note, who, with which key and when; a second decision changes nothing', async () => {
      await records.insert([flaggedRecord('item')]);
      time.advance(90_000);
      const first = await reviews.decide(decision('item', { note: 'Looks fine ✓\nline two' }));
      const approved = {
        status: 'approved',
        note: 'Looks fine ✓\nline two',
        decidedBy: 'alice',
        decidedByKeyId: 'admin-key-1',
        decidedAt: start.getTime() + 90_000,
      };
      expect(first).toEqual({ outcome: 'decided', review: expect.objectContaining(approved) });
      time.advance(1000);
      const second = await reviews.decide(
        decision('item', { verdict: 'reject', decidedBy: 'bob', note: 'no' }),
      );
      expect(second).toEqual({ outcome: 'already-decided', review: expect.objectContaining(approved) });
      expect(await reviews.get('item', 'acme')).toEqual(
        first.outcome === 'decided' ? first.review : undefined,
      );
    });

    it('rejects with no note, an empty note stored as none, and no key', async () => {
      await records.insert([flaggedRecord('a'), flaggedRecord('b', { receivedAt: fixtureEpoch + 1 })]);
      const rejected = await reviews.decide(
        decision('a', { verdict: 'reject', note: undefined, decidedByKeyId: null }),
      );
      expect(rejected).toMatchObject({
        outcome: 'decided',
        review: { status: 'rejected', note: null, decidedByKeyId: null },
      });
      expect(await reviews.decide(decision('b', { note: '' }))).toMatchObject({ review: { note: null } });
    });

    it('lets exactly one of two concurrent decisions win', async () => {
      await records.insert([flaggedRecord('raced')]);
      const outcomes = await Promise.all([
        reviews.decide(decision('raced', { decidedBy: 'alice' })),
        reviews.decide(decision('raced', { verdict: 'reject', decidedBy: 'bob' })),
      ]);
      expect(outcomes.map((result) => result.outcome).sort()).toEqual(['already-decided', 'decided']);
      const stored = await reviews.get('raced', 'acme');
      const winner = outcomes.find((result) => result.outcome === 'decided');
      expect(winner).toEqual({ outcome: 'decided', review: stored });
    });

    it('answers not-found for an unknown id and for another organisation, and keeps organisations apart', async () => {
      await records.insert([flaggedRecord('mine'), flaggedRecord('theirs', { organizationId: 'globex' })]);
      expect(await reviews.decide(decision('missing'))).toEqual({ outcome: 'not-found' });
      expect(await reviews.decide(decision('theirs'))).toEqual({ outcome: 'not-found' });
      expect(await reviews.get('theirs', 'acme')).toBeUndefined();
      expect(await reviews.get('mine', 'ACME')).toBeUndefined();
      expect(await ids()).toEqual(['mine']);
      expect(await ids({ organizationId: 'globex' })).toEqual(['theirs']);
      expect(await reviews.get('theirs', 'globex')).toMatchObject({ status: 'pending' });
      expect(await reviews.pendingCount()).toBe(2);
    });

    const badDecisions: Array<[string, Partial<ReviewDecision>]> = [
      ['a note over 4,000 characters', { note: 'x'.repeat(4001) }],
      ['a note with U+0000', { note: 'bad\u0000byte' }],
      ['a note with an escape character', { note: 'colour \u001b[31m' }],
      ['a note that is not a string', { note: 42 as never }],
      ['an empty reviewer', { decidedBy: '  ' }],
      ['a reviewer over 200 characters', { decidedBy: 'r'.repeat(201) }],
      ['a reviewer with a line break', { decidedBy: 'alice\nbob' }],
      ['an unknown verdict', { verdict: 'maybe' as never }],
      ['an empty id', { id: '' }],
      ['an empty organisation', { organizationId: '' }],
    ];
    for (const [label, overrides] of badDecisions) {
      it(`refuses a decision with ${label} and leaves the item pending`, async () => {
        await records.insert([flaggedRecord('item')]);
        await expectStorageError(reviews.decide(decision('item', overrides)), 'invalid-input');
        expect(await reviews.get('item', 'acme')).toMatchObject({ status: 'pending', note: null });
      });
    }

    it('takes a note of exactly 4,000 characters, astral ones included', async () => {
      await records.insert([flaggedRecord('long')]);
      const note = `${'n'.repeat(3998)}👋`;
      expect(await reviews.decide(decision('long', { note }))).toMatchObject({ review: { note } });
    });

    it('keeps a held answer beside its item, never in a page or with another organisation', async () => {
      await records.insert([
        heldRecord('held'),
        heldRecord('polled', { receivedAt: fixtureEpoch + 1 }, null),
      ]);
      const view = {
        delivery: 'waiting',
        callbackUrl: 'https://app.example/hooks',
        expiresAt: start.getTime() + dayMs,
        attempts: 0,
        lastError: null,
        updatedAt: start.getTime(),
      };
      expect(await reviews.get('held', 'acme')).toMatchObject({ checks: ['phrases'], hold: view });
      expect((await reviews.list({ organizationId: 'acme' })).reviews.map((review) => review.hold)).toEqual([
        { ...view, callbackUrl: null },
        view,
      ]);
      expect(await reviews.hold('held', 'acme')).toEqual({
        ...view,
        answer: heldAnswerText,
        secretEnv: 'HOLD_SECRET',
      });
      expect(await reviews.hold('held', 'globex')).toBeUndefined();
      expect(await reviews.hold('missing', 'acme')).toBeUndefined();
      const record = await records.get('held', 'acme');
      expect(record).toBeDefined();
      expect(record).not.toHaveProperty('hold');
    });

    it('an approval keeps the answer for its delivery; a delivery step moves only from the states it names', async () => {
      await records.insert([heldRecord('held')]);
      time.advance(1000);
      const decided = await reviews.decide(decision('held'));
      expect(decided).toMatchObject({ outcome: 'decided', review: { hold: { delivery: 'sending' } } });
      expect(await reviews.hold('held', 'acme')).toMatchObject({
        delivery: 'sending',
        answer: heldAnswerText,
      });
      const failedTry = {
        delivery: 'sending' as const,
        attempts: 1,
        lastError: 'status 500',
        forgetAnswer: false,
      };
      expect(
        await reviews.noteDelivery({ id: 'held', organizationId: 'acme', from: ['sending'], ...failedTry }),
      ).toBe(true);
      expect(
        await reviews.noteDelivery({ id: 'held', organizationId: 'globex', from: ['sending'], ...failedTry }),
      ).toBe(false);
      const delivered = { delivery: 'delivered' as const, attempts: 2, lastError: null, forgetAnswer: true };
      expect(
        await reviews.noteDelivery({ id: 'held', organizationId: 'acme', from: ['sending'], ...delivered }),
      ).toBe(true);
      expect(
        await reviews.noteDelivery({ id: 'held', organizationId: 'acme', from: ['sending'], ...delivered }),
      ).toBe(false);
      expect(await reviews.hold('held', 'acme')).toMatchObject({
        delivery: 'delivered',
        attempts: 2,
        lastError: null,
        answer: null,
        updatedAt: start.getTime() + 1000,
      });
      expect(await reviews.decide(decision('held', { verdict: 'reject' }))).toMatchObject({
        outcome: 'already-decided',
      });
    });

    it('lists deliveries left sending, oldest first, and lets one taker claim each by its updatedAt', async () => {
      await records.insert([
        heldRecord('first'),
        heldRecord('second', { receivedAt: fixtureEpoch + 1 }),
        heldRecord('polled', { receivedAt: fixtureEpoch + 2 }, null),
        heldRecord('undecided', { receivedAt: fixtureEpoch + 3 }),
        heldRecord('done', { receivedAt: fixtureEpoch + 4 }),
      ]);
      await reviews.decide(decision('first'));
      time.advance(1000);
      await reviews.decide(decision('second', { verdict: 'reject' }));
      await reviews.decide(decision('polled'));
      await reviews.decide(decision('done'));
      const step = { attempts: 1, lastError: null, forgetAnswer: true };
      await reviews.noteDelivery({
        id: 'done',
        organizationId: 'acme',
        from: ['sending'],
        delivery: 'delivered',
        ...step,
      });
      const failed = {
        delivery: 'sending' as const,
        attempts: 2,
        lastError: 'status 502',
        forgetAnswer: false,
      };
      await reviews.noteDelivery({ id: 'first', organizationId: 'acme', from: ['sending'], ...failed });
      const firstAt = start.getTime() + 1000;
      // Changed at 1,000 ms (first, second): stale before 1,001 ms, not before 1,000 ms.
      expect(await reviews.staleDeliveries(firstAt, 10)).toEqual([]);
      const stale = await reviews.staleDeliveries(firstAt + 1, 10);
      expect(stale.map((item) => item.id).sort()).toEqual(['first', 'second']);
      expect(stale.find((item) => item.id === 'first')).toEqual({
        id: 'first',
        organizationId: 'acme',
        attempts: 2,
        lastError: 'status 502',
        updatedAt: firstAt,
      });
      expect(await reviews.staleDeliveries(firstAt + 1, 1)).toHaveLength(1);

      time.advance(5000);
      const claim = { ...failed, id: 'first', organizationId: 'acme', from: ['sending'] as const };
      expect(await reviews.noteDelivery({ ...claim, ifUpdatedAt: firstAt - 1 })).toBe(false);
      expect(await reviews.noteDelivery({ ...claim, ifUpdatedAt: firstAt })).toBe(true);
      // The second taker read the same updatedAt and loses.
      expect(await reviews.noteDelivery({ ...claim, ifUpdatedAt: firstAt })).toBe(false);
      expect(await reviews.hold('first', 'acme')).toMatchObject({
        delivery: 'sending',
        updatedAt: firstAt + 5000,
        answer: heldAnswerText,
      });
      // Past their keep time, deliveries are not resumed.
      time.advance(dayMs);
      expect(await reviews.staleDeliveries(time.clock().getTime(), 10)).toEqual([]);
    });

    it('a rejection forgets the answer at once; without a callback the decision waits for a poll', async () => {
      await records.insert([
        heldRecord('rejected'),
        heldRecord('polled', { receivedAt: fixtureEpoch + 1 }, null),
      ]);
      await reviews.decide(decision('rejected', { verdict: 'reject' }));
      expect(await reviews.hold('rejected', 'acme')).toMatchObject({ delivery: 'sending', answer: null });
      await reviews.decide(decision('polled'));
      expect(await reviews.hold('polled', 'acme')).toMatchObject({
        delivery: 'ready',
        answer: heldAnswerText,
      });
    });

    it('past its keep time a hold reads as expired without its answer, and the sweep forgets it for good', async () => {
      await records.insert([heldRecord('old'), heldRecord('new', { receivedAt: fixtureEpoch + 1 })]);
      await reviews.decide(decision('new'));
      time.advance(dayMs);
      expect(await reviews.hold('old', 'acme')).toMatchObject({ delivery: 'expired', answer: null });
      expect(await reviews.get('new', 'acme')).toMatchObject({ hold: { delivery: 'expired' } });
      expect(await reviews.decide(decision('old'))).toMatchObject({
        review: { hold: { delivery: 'expired' } },
      });
      expect(await reviews.expireHolds()).toBe(2);
      expect(await reviews.expireHolds()).toBe(0);
      const late = { delivery: 'delivered' as const, attempts: 1, lastError: null, forgetAnswer: true };
      expect(
        await reviews.noteDelivery({ id: 'new', organizationId: 'acme', from: ['sending'], ...late }),
      ).toBe(false);
      expect(await reviews.hold('new', 'acme')).toMatchObject({ delivery: 'expired', answer: null });
    });

    it('a replayed held record changes nothing; a purge takes the hold with the item', async () => {
      await records.insert([heldRecord('held', { receivedAt: at(1) })]);
      await reviews.decide(decision('held', { verdict: 'reject' }));
      await records.insert([heldRecord('held', { receivedAt: at(1) })]);
      expect(await reviews.hold('held', 'acme')).toMatchObject({ answer: null, delivery: 'sending' });
      await records.purge({ before: at(5) });
      expect(await reviews.hold('held', 'acme')).toBeUndefined();
    });

    it('loses the items of purged records, pending or decided, and hands out copies', async () => {
      await records.insert([
        flaggedRecord('old', { receivedAt: at(1) }),
        flaggedRecord('old-decided', { receivedAt: at(2) }),
        flaggedRecord('new', { receivedAt: at(9) }),
      ]);
      await reviews.decide(decision('old-decided'));
      expect(await records.purge({ before: at(5) })).toBe(2);
      expect(await ids()).toEqual(['new']);
      expect(await reviews.get('old-decided', 'acme')).toBeUndefined();
      expect(await reviews.decide(decision('old'))).toEqual({ outcome: 'not-found' });
      expect(await reviews.pendingCount()).toBe(1);
      const copy = await reviews.get('new', 'acme');
      copy!.checks.push('mutated');
      copy!.status = 'approved';
      expect(await reviews.get('new', 'acme')).toMatchObject({
        status: 'pending',
        checks: ['injection', 'pii'],
      });
    });
  });
}
