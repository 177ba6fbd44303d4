// Holding answers for review, end to end: the official openai and @anthropic-ai/sdk clients through
// a gateway on its embedded SQLite default, an echo upstream and a callback receiver, both on
// 127.0.0.1. A held answer never reaches the client (JSON or stream, either dialect): it gets the
// hold message; a reviewer's decision is delivered signed to the callback (verified here as a
// receiver would), retried and finally failed when the callback errs, is slow or is not there; the
// caller can poll with its own key and no other; a held answer is never cached.

import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { verifyDelivery } from '../src/guard/hold-signature.js';
import { resumeStaleDeliveries } from '../src/server/resume-deliveries.js';
import { listenEchoUpstream } from './support/echo-upstream.js';
import { fetchRecord } from './support/fetch-record.js';
import { startTestGateway, type TestGateway } from './support/test-gateway.js';

const secret = 'whsec_test_0123456789';
const message = 'Your answer is waiting for a review.';
const atlas = 'Tell me about Project Atlas';

interface Delivery {
  path: string;
  body: string;
  signature: string | undefined;
}

/**
 * The callback receiver: /ok acknowledges, /fail answers 500, /slow answers after a second,
 * /flaky answers 503 until `flaky.up` is set.
 */
async function startReceiver() {
  const deliveries: Delivery[] = [];
  const flaky = { up: false };
  const server = createServer((request: IncomingMessage, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      const signature = request.headers['x-switchyard-signature'];
      deliveries.push({ path: request.url ?? '', body, signature: signature as string | undefined });
      if (request.url === '/fail') return void response.writeHead(500).end('no');
      if (request.url === '/slow') return void setTimeout(() => response.end('late'), 1000);
      if (request.url === '/flaky' && !flaky.up) return void response.writeHead(503).end('down');
      response.end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    deliveries,
    flaky,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** A port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

const route = (name: string, hold: string, extra = '') => `  ${name}:
    guardrails:
      output: [{ check: phrases, action: hold, phrases: [Project Atlas] }]
      hold: { ${hold} }
${extra}    targets: [{ provider: echo, model: gpt-4o-mini }]`;

let receiver: Awaited<ReturnType<typeof startReceiver>>;
let upstream: Awaited<ReturnType<typeof listenEchoUpstream>>;
let gateway: TestGateway;

beforeAll(async () => {
  receiver = await startReceiver();
  const signed = (path: string) =>
    `callbackUrl: '${receiver.url}${path}', secretEnv: HOLD_TEST_SECRET, message: '${message}'`;
  vi.stubEnv('HOLD_TEST_SECRET', secret);
  upstream = await listenEchoUpstream();
  gateway = await startTestGateway(
    `
providers:
  echo: { type: openai, baseUrl: ${upstream.url}/v1, apiKey: echo-key }
defaults:
  retry: { attempts: 0 }
models:
${route('held', signed('/ok'))}
${route('failing', signed('/fail'))}
${route('flaky', signed('/flaky'))}
${route('slow', signed('/slow'))}
${route('unreachable', `callbackUrl: 'http://127.0.0.1:${await closedPort()}/x', secretEnv: HOLD_TEST_SECRET`)}
${route('polled', `message: '${message}'`)}
${route('redacting', `message: '${message}'`, '      input: [{ check: pii, action: redact, types: [email] }]\n')}
${route('cached', signed('/ok'), '    cache: { enabled: true }\n')}
${route('small', `${signed('/ok')}, maxAnswerBytes: 200`)}
${route('brief', `${signed('/ok')}, keepForMs: 1`)}
records:
  flushIntervalMs: 20
  body: metadata
`,
    { HOLD_TEST_SECRET: secret },
  );
  gateway.gateway.holdDelivery = { attempts: 3, firstDelayMs: 10, timeoutMs: 200 };
});

afterAll(async () => {
  await gateway?.close();
  await receiver?.close();
  await upstream?.close();
  vi.unstubAllEnvs();
});

const openai = (key = gateway.key) =>
  new OpenAI({ baseURL: `${gateway.url}/v1`, apiKey: key, maxRetries: 0 });

async function askOpenAI(model: string, content = atlas) {
  const { data, response } = await openai()
    .chat.completions.create({ model, messages: [{ role: 'user', content }] })
    .withResponse();
  return { data, review: response.headers.get('x-switchyard-review') };
}

function admin(path: string, init: RequestInit = {}) {
  return fetch(`${gateway.url}${path}`, {
    ...init,
    headers: {
      authorization: `Bearer ${gateway.adminToken}`,
      'content-type': 'application/json',
      ...init.headers,
    },
  });
}

const decide = (id: string, decision: 'approve' | 'reject', note?: string) =>
  admin(`/admin/reviews/${id}`, { method: 'POST', body: JSON.stringify({ decision, note }) });

const poll = (id: string, key = gateway.key) =>
  fetch(`${gateway.url}/v1/reviews/${id}`, { headers: { authorization: `Bearer ${key}` } });

/** The review item once its request is recorded (the queue is written with the record). */
async function reviewOf(id: string): Promise<Record<string, any>> {
  await fetchRecord(gateway, id);
  return ((await (await admin(`/admin/reviews/${id}`)).json()) as { review: Record<string, any> }).review;
}

async function settledHold(id: string, delivery: string): Promise<Record<string, any>> {
  await expect.poll(async () => (await reviewOf(id)).hold?.delivery, { timeout: 5000 }).toBe(delivery);
  return (await reviewOf(id)).hold;
}

describe('holding answers for review', () => {
  it('gives an OpenAI JSON client the hold message, content_filter and the review id; a clean answer passes', async () => {
    const held = await askOpenAI('held');
    expect(held.data.choices[0]!.message.content).toBe(message);
    expect(held.data.choices[0]!.finish_reason).toBe('content_filter');
    expect(held.review).toMatch(/^req_/);
    expect((held.data as unknown as Record<string, any>).switchyard_review).toEqual({
      id: held.review,
      status: 'pending',
    });
    expect(JSON.stringify(held.data)).not.toContain('Project Atlas');
    const clean = await askOpenAI('held', 'What are your opening hours?');
    expect(clean.data.choices[0]!.message.content).toBe('You said: What are your opening hours?');
    expect(clean.review).toBeNull();
  });

  it('buffers a stream and sends OpenAI and Anthropic stream clients a well-formed held answer', async () => {
    const stream = await openai()
      .chat.completions.create({ model: 'held', stream: true, messages: [{ role: 'user', content: atlas }] })
      .withResponse();
    let text = '';
    let finish: string | null | undefined;
    const reviews: unknown[] = [];
    for await (const chunk of stream.data) {
      text += chunk.choices[0]?.delta.content ?? '';
      finish = chunk.choices[0]?.finish_reason ?? finish;
      reviews.push((chunk as unknown as Record<string, unknown>).switchyard_review);
    }
    expect(text).toBe(message);
    expect(finish).toBe('content_filter');
    const openaiReview = stream.response.headers.get('x-switchyard-review');
    expect(openaiReview).toMatch(/^req_/);
    // The review id is in the first chunk too, for clients that never see headers.
    expect(reviews[0]).toEqual({ id: openaiReview, status: 'pending' });
    expect(reviews.slice(1).every((review) => review === undefined)).toBe(true);

    const anthropic = new Anthropic({ baseURL: gateway.url, apiKey: gateway.key, maxRetries: 0 });
    const json = await anthropic.messages
      .create({ model: 'held', max_tokens: 100, messages: [{ role: 'user', content: atlas }] })
      .withResponse();
    expect(json.data.content).toEqual([{ type: 'text', text: message }]);
    expect(json.data.stop_reason).toBe('refusal');
    expect((json.data as unknown as Record<string, any>).switchyard_review.id).toBe(
      json.response.headers.get('x-switchyard-review'),
    );
    const streamed = anthropic.messages.stream({
      model: 'held',
      max_tokens: 100,
      messages: [{ role: 'user', content: atlas }],
    });
    const eventReviews: Array<[string, unknown]> = [];
    streamed.on('streamEvent', (event) =>
      eventReviews.push([event.type, (event as unknown as Record<string, unknown>).switchyard_review]),
    );
    const final = await streamed.finalMessage();
    expect(final.content).toEqual([{ type: 'text', text: message }]);
    expect(final.stop_reason).toBe('refusal');
    // Held as JSON in the client's dialect, though the request streamed.
    const id = (await streamed.withResponse()).response.headers.get('x-switchyard-review')!;
    expect(eventReviews[0]).toEqual(['message_start', { id, status: 'pending' }]);
    expect(eventReviews.slice(1).every(([, review]) => review === undefined)).toBe(true);
    await reviewOf(id);
    const shown = (await (await admin(`/admin/reviews/${id}`)).json()) as Record<string, any>;
    expect(shown.heldAnswer).toMatchObject({
      type: 'message',
      role: 'assistant',
      content: [{ type: 'text', text: `You said: ${atlas}` }],
    });
  });

  it("holds the answer as the client would get it: the caller's redacted values restored", async () => {
    const { review: id } = await askOpenAI('redacting', `${atlas}, write to jane.doe@example.com`);
    expect(upstream.bodies.at(-1)!.messages[0].content).not.toContain('jane.doe@example.com');
    await reviewOf(id!);
    const shown = (await (await admin(`/admin/reviews/${id}`)).json()) as Record<string, any>;
    expect(shown.heldAnswer.choices[0].message.content).toBe(
      `You said: ${atlas}, write to jane.doe@example.com`,
    );
  });

  it('records the hold, shows the reviewer the answer whatever the body policy, delivers an approval signed, once', async () => {
    const { review: id } = await askOpenAI('held');
    const record = await fetchRecord(gateway, id!);
    expect(record.guardrails).toEqual([
      expect.objectContaining({
        check: 'phrases',
        stage: 'output',
        action: 'hold',
        found: { 'phrase 1': 1 },
      }),
    ]);
    expect(record.bodyPolicy).toBe('metadata');
    expect(JSON.stringify(record)).not.toContain('Project Atlas');
    const shown = (await (await admin(`/admin/reviews/${id}`)).json()) as Record<string, any>;
    expect(shown.review).toMatchObject({
      status: 'pending',
      checks: ['phrases'],
      hold: { delivery: 'waiting' },
    });
    expect(shown.heldAnswer.choices[0].message.content).toBe(`You said: ${atlas}`);

    const before = receiver.deliveries.length;
    const decided = await decide(id!, 'approve', 'fine to share');
    expect(decided.status).toBe(200);
    expect(((await decided.json()) as Record<string, any>).hold.delivery).toBe('sending');
    const hold = await settledHold(id!, 'delivered');
    expect(hold).toMatchObject({ attempts: 1, lastError: null });
    const delivery = receiver.deliveries.slice(before).find((entry) => entry.body.includes(id!))!;
    expect(delivery.path).toBe('/ok');
    expect(verifyDelivery(delivery.signature, delivery.body, secret)).toBe(true);
    expect(verifyDelivery(delivery.signature, delivery.body, 'another secret')).toBe(false);
    const body = JSON.parse(delivery.body) as Record<string, any>;
    expect(body).toMatchObject({
      type: 'review.decided',
      id,
      decision: 'approved',
      note: 'fine to share',
      decidedBy: expect.any(String),
    });
    expect(body.answer).toEqual(shown.heldAnswer);

    const again = await decide(id!, 'reject');
    expect(again.status).toBe(409);
    expect(((await again.json()) as Record<string, any>).error.message).toMatch(/already approved/);
    // Delivered: forgotten. The caller's poll says so.
    const polled = (await (await poll(id!)).json()) as Record<string, any>;
    expect(polled).toMatchObject({
      id,
      object: 'switchyard.review',
      status: 'approved',
      delivery: 'delivered',
      answer: null,
    });
  });

  it("delivers a rejection with the reviewer's note and no answer", async () => {
    const { review: id } = await askOpenAI('held');
    await reviewOf(id!);
    await decide(id!, 'reject', 'names an internal project');
    await settledHold(id!, 'delivered');
    const delivery = receiver.deliveries.find((entry) => entry.body.includes(id!))!;
    expect(JSON.parse(delivery.body)).toMatchObject({
      decision: 'rejected',
      note: 'names an internal project',
      answer: null,
    });
    expect(await (await poll(id!)).json()).toMatchObject({
      status: 'rejected',
      answer: null,
      note: 'names an internal project',
    });
  });

  it('resumes a delivery a stopped gateway left unfinished: once, though two replicas sweep', async () => {
    const id = (await askOpenAI('held')).review!;
    const { organizationId } = await reviewOf(id);
    // Decided in the store with no delivery started: as if the gateway stopped right after it.
    const store = gateway.gateway.reviewStore!;
    const verdict = { id, organizationId, verdict: 'approve' as const, decidedBy: 'alice' };
    await store.decide({ ...verdict, note: null, decidedByKeyId: null });
    expect((await reviewOf(id)).hold).toMatchObject({ delivery: 'sending', attempts: 0 });
    // Not before it has sat untouched for resumeAfterMs (a live delivery may still be on it).
    expect(await resumeStaleDeliveries(gateway.gateway)).toBe(0);
    const policy = gateway.gateway.holdDelivery;
    gateway.gateway.holdDelivery = { ...policy, resumeAfterMs: 300 };
    try {
      await new Promise((resolve) => setTimeout(resolve, 350));
      const sweeps = await Promise.all([
        resumeStaleDeliveries(gateway.gateway),
        resumeStaleDeliveries(gateway.gateway),
      ]);
      expect(sweeps[0] + sweeps[1]).toBe(1);
      expect(await settledHold(id, 'delivered')).toMatchObject({ attempts: 1, lastError: null });
    } finally {
      gateway.gateway.holdDelivery = policy;
    }
    const delivered = receiver.deliveries.filter((entry) => entry.body.includes(id));
    expect(delivered).toHaveLength(1);
    expect(verifyDelivery(delivered[0]!.signature, delivered[0]!.body, secret)).toBe(true);
    expect(JSON.parse(delivered[0]!.body)).toMatchObject({ id, decision: 'approved', decidedBy: 'alice' });
  });

  it('retries a callback that fails, is slow or is not there, then marks the delivery failed; polling still works', async () => {
    const ids: Record<string, string> = {};
    for (const model of ['failing', 'slow', 'unreachable']) {
      ids[model] = (await askOpenAI(model)).review!;
      await reviewOf(ids[model]);
      expect((await decide(ids[model], 'approve')).status).toBe(200);
    }
    expect(await settledHold(ids.failing!, 'failed')).toMatchObject({ attempts: 3, lastError: 'status 500' });
    expect(await settledHold(ids.slow!, 'failed')).toMatchObject({
      attempts: 3,
      lastError: 'no answer within 200 ms',
    });
    expect((await settledHold(ids.unreachable!, 'failed')).attempts).toBe(3);
    expect(receiver.deliveries.filter((entry) => entry.body.includes(ids.failing!))).toHaveLength(3);
    // The approved answer is still the caller's to poll until it expires.
    const polled = (await (await poll(ids.failing!)).json()) as Record<string, any>;
    expect(polled.answer.choices[0].message.content).toBe(`You said: ${atlas}`);
    const metrics = await (await admin('/metrics')).text();
    expect(metrics).toMatch(/switchyard_hold_deliveries_total\{outcome="failed"\} [3-9]/);
    expect(metrics).toMatch(/switchyard_hold_deliveries_total\{outcome="retried"\} [6-9]/);
    expect(metrics).toMatch(/switchyard_held_answers_total\{route="failing"\} 1/);
  });

  it('sends a failed delivery again on request, as a new round of calls; only a failed one', async () => {
    const redeliver = (id: string, method = 'POST') => admin(`/admin/reviews/${id}/redeliver`, { method });
    const id = (await askOpenAI('flaky')).review!;
    await reviewOf(id);
    // Not decided yet: nothing to send.
    const early = await redeliver(id);
    expect(early.status).toBe(409);
    expect(((await early.json()) as { error: { message: string } }).error.message).toMatch(/not decided yet/);
    expect((await decide(id, 'approve', 'fine')).status).toBe(200);
    expect(await settledHold(id, 'failed')).toMatchObject({ attempts: 3, lastError: 'status 503' });
    // The receiver is back: one request starts a new round, which delivers at its first call.
    receiver.flaky.up = true;
    const [first, second] = await Promise.all([redeliver(id), redeliver(id)]);
    const statuses = [first.status, second.status].sort();
    expect(statuses).toEqual([202, 409]);
    const accepted = (await (first.status === 202 ? first : second).json()) as Record<string, any>;
    expect(accepted).toMatchObject({ id, status: 'approved', hold: { delivery: 'sending', attempts: 0 } });
    expect(await settledHold(id, 'delivered')).toMatchObject({ attempts: 1, lastError: null });
    const calls = receiver.deliveries.filter((entry) => entry.path === '/flaky' && entry.body.includes(id));
    expect(calls).toHaveLength(4);
    const last = calls.at(-1)!;
    expect(verifyDelivery(last.signature, last.body, secret)).toBe(true);
    expect(JSON.parse(last.body)).toMatchObject({ id, decision: 'approved', note: 'fine' });
    expect(JSON.parse(last.body).answer.choices[0].message.content).toBe(`You said: ${atlas}`);
    // Delivered: the answer is gone and nothing more can be sent.
    const again = await redeliver(id);
    expect(again.status).toBe(409);
    expect(((await again.json()) as { error: { message: string } }).error.message).toMatch(
      /already delivered/,
    );
  });

  it('refuses a redelivery with no callback, past the keep time, of an unknown id, or by another method', async () => {
    const polled = (await askOpenAI('polled')).review!;
    await reviewOf(polled);
    expect((await decide(polled, 'approve')).status).toBe(200);
    const noCallback = await admin(`/admin/reviews/${polled}/redeliver`, { method: 'POST' });
    expect(noCallback.status).toBe(409);
    expect(((await noCallback.json()) as { error: { message: string } }).error.message).toMatch(
      /has no callback/,
    );
    expect((await admin('/admin/reviews/req_nothing/redeliver', { method: 'POST' })).status).toBe(404);
    expect((await admin(`/admin/reviews/${polled}/redeliver`)).status).toBe(405);
    // A held answer past its keep time: nothing left to send.
    const brief = (await askOpenAI('brief')).review!;
    await reviewOf(brief);
    expect((await decide(brief, 'approve')).status).toBe(200);
    const expired = await admin(`/admin/reviews/${brief}/redeliver`, { method: 'POST' });
    expect(expired.status).toBe(409);
    expect(((await expired.json()) as { error: { message: string } }).error.message).toMatch(/expired at/);
    // Without an admin token.
    const unauthenticated = await fetch(`${gateway.url}/admin/reviews/${polled}/redeliver`, {
      method: 'POST',
    });
    expect(unauthenticated.status).toBe(401);
  });

  it('lets a poll take an approved answer once on a route without a callback', async () => {
    const { review: id } = await askOpenAI('polled');
    // Listed once its request is recorded (records.flushIntervalMs).
    await reviewOf(id!);
    expect(await (await poll(id!)).json()).toMatchObject({
      status: 'pending',
      delivery: 'waiting',
      answer: null,
    });
    await decide(id!, 'approve');
    const first = (await (await poll(id!)).json()) as Record<string, any>;
    expect(first).toMatchObject({ status: 'approved', delivery: 'delivered' });
    expect(first.answer.choices[0].message.content).toBe(`You said: ${atlas}`);
    expect(await (await poll(id!)).json()).toMatchObject({ delivery: 'delivered', answer: null });

    const { review: rejected } = await askOpenAI('polled');
    await reviewOf(rejected!);
    await decide(rejected!, 'reject', 'no');
    expect(await (await poll(rejected!)).json()).toMatchObject({
      status: 'rejected',
      delivery: 'delivered',
      note: 'no',
      answer: null,
    });
  });

  it('answers 404 to another key, another project and another organisation, as to an unknown id', async () => {
    const { review: id } = await askOpenAI('polled');
    await reviewOf(id!);
    const create = (scope: Record<string, string>) =>
      gateway.gateway.authenticator.createKey({ kind: 'virtual', name: 'other', scope });
    const others = [
      (await create({})).key,
      (await create({ projectId: 'project-b' })).key,
      (await create({ organizationId: 'globex' })).key,
    ];
    for (const key of others) {
      const response = await poll(id!, key);
      expect(response.status).toBe(404);
      expect(await response.text()).not.toContain('polled');
    }
    expect((await poll('req_unknown')).status).toBe(404);
    expect((await poll(id!)).status).toBe(200);
    expect((await poll(id!, 'sk-not-a-key')).status).toBe(401);
  });

  it('answers a poll made before the review queue has the request with pending, to its owner only', async () => {
    const store = gateway.gateway.reviewStore!;
    const get = store.get.bind(store);
    // The request log has not written the review yet (it does so off the response path).
    store.get = async () => undefined;
    try {
      const { review: id } = await askOpenAI('polled');
      const early = await poll(id!);
      expect(early.status).toBe(200);
      const body = (await early.json()) as Record<string, unknown>;
      expect(body).toMatchObject({ id, object: 'switchyard.review', status: 'pending', delivery: 'waiting' });
      expect(body).toMatchObject({ note: null, answer: null });
      expect(body.expires_at).toBeGreaterThan(Date.now() / 1000);
      const create = (scope: Record<string, string>) =>
        gateway.gateway.authenticator.createKey({ kind: 'virtual', name: 'early', scope });
      const scopes: Array<Record<string, string>> = [
        {},
        { projectId: 'project-b' },
        { organizationId: 'globex' },
      ];
      for (const scope of scopes) {
        expect((await poll(id!, (await create(scope)).key)).status).toBe(404);
      }
      expect((await poll('req_never_held')).status).toBe(404);
    } finally {
      store.get = get;
    }
  });

  it('never caches a held answer; a clean one is cached and served from it', async () => {
    const calls = upstream.bodies.length;
    const first = await askOpenAI('cached');
    await fetchRecord(gateway, first.review!);
    const second = await askOpenAI('cached');
    expect(second.review).not.toBe(first.review);
    expect(second.data.choices[0]!.message.content).toBe(message);
    expect(upstream.bodies.length - calls).toBe(2);
    const clean = () => askOpenAI('cached', 'Hello there');
    await clean();
    await expect
      .poll(async () => {
        const { response } = await openai()
          .chat.completions.create({ model: 'cached', messages: [{ role: 'user', content: 'Hello there' }] })
          .withResponse();
        return response.headers.get('x-switchyard-cache');
      })
      .toBe('hit');
  });

  it('withholds an answer too large to hold, and lets a held answer expire unrelayed', async () => {
    const client = openai();
    const large = client.chat.completions.create({
      model: 'small',
      messages: [{ role: 'user', content: `${atlas} ${'and more '.repeat(30)}` }],
    });
    await expect(large).rejects.toMatchObject({
      status: 400,
      code: 'guardrail_blocked',
      message: expect.stringMatching(
        /too large to hold for review \(\d+ bytes; the route keeps at most 200\)/,
      ),
    });

    const { review: id } = await askOpenAI('brief');
    expect((await reviewOf(id!)).hold.delivery).toBe('expired');
    const before = receiver.deliveries.length;
    const decided = (await (await decide(id!, 'approve')).json()) as Record<string, any>;
    expect(decided).toMatchObject({ status: 'approved', hold: { delivery: 'expired' } });
    expect(await (await poll(id!)).json()).toMatchObject({
      status: 'approved',
      delivery: 'expired',
      answer: null,
    });
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(receiver.deliveries.slice(before).some((entry) => entry.body.includes(id!))).toBe(false);
  });
});
