// Peak resident memory of a target while it holds many streams open at once. The mock upstream is
// told to hold every stream after its first content chunk; once all clients have seen that chunk
// (or a timeout passed), VmRSS is sampled, then the streams are released to finish normally.

import { setTimeout as sleep } from 'node:timers/promises';
import { answerText } from '../mock-payloads.js';
import type { MockControl } from '../mock-control.js';
import { readRssBytes } from '../process-stats.js';
import type { Target } from '../target.js';
import { benchPool, chatRequest } from './chat-request.js';
import { isCompleteStream, readChatStream } from './stream-reader.js';

export interface OpenStreamsOptions {
  streams: number;
  /** How long to wait for every stream to show its first content. */
  openTimeoutMs: number;
  /** How long to keep sampling RSS once they are open. */
  sampleMs: number;
  /** How long streams may take to finish once released; later ones count as failed. */
  finishTimeoutMs: number;
}

export interface OpenStreamsResult {
  peakRssBytes: number;
  /** Streams whose first content reached the client while held. */
  opened: number;
  /** Streams the mock saw held upstream at the same moment. */
  heldUpstream: number;
  /** Streams that did not end complete after release. */
  errors: number;
}

async function sampleRss(pid: number, durationMs: number): Promise<number> {
  let peak = readRssBytes(pid);
  const deadline = performance.now() + durationMs;
  while (performance.now() < deadline) {
    await sleep(20);
    peak = Math.max(peak, readRssBytes(pid));
  }
  return peak;
}

/** Resolves when `promise` does or after `ms`, whichever is first, leaving no timer behind. */
async function within(promise: Promise<unknown>, ms: number): Promise<void> {
  const timer = new AbortController();
  await Promise.race([promise, sleep(ms, undefined, { signal: timer.signal }).catch(() => undefined)]);
  timer.abort();
}

export async function measureOpenStreams(
  target: Target,
  mock: MockControl,
  options: OpenStreamsOptions,
): Promise<OpenStreamsResult> {
  const pool = benchPool(target, options.streams);
  let opened = 0;
  let allOpen: () => void = () => undefined;
  const everyStreamOpen = new Promise<void>((resolve) => (allOpen = resolve));
  const onFirstContent = () => {
    opened += 1;
    if (opened === options.streams) allOpen();
  };
  let completed = 0;
  const openStream = async (): Promise<void> => {
    try {
      const response = await pool.request(chatRequest(target, true));
      if (response.statusCode !== 200) return void (await response.body.dump());
      if (isCompleteStream(await readChatStream(response.body, onFirstContent), answerText)) completed += 1;
    } catch {
      // counted as not completed
    }
  };
  await mock.hold();
  let streams: Array<Promise<void>> = [];
  try {
    streams = Array.from({ length: options.streams }, openStream);
    await within(everyStreamOpen, options.openTimeoutMs);
    const openedAtSample = opened;
    const heldUpstream = (await mock.state()).held;
    const peakRssBytes = await sampleRss(target.pid, options.sampleMs);
    await mock.release();
    await within(Promise.all(streams), options.finishTimeoutMs);
    return { peakRssBytes, opened: openedAtSample, heldUpstream, errors: options.streams - completed };
  } finally {
    await mock.release();
    await pool.destroy();
    await Promise.all(streams);
  }
}
