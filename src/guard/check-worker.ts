// The worker thread of the local guardrail checks (check-thread.ts starts it): large prompts are
// scanned here, so a megabyte of text never holds the event loop for tens of milliseconds.

import { parentPort } from 'node:worker_threads';
import { runLocalChecks, type LocalChecksInput, type LocalChecksOutcome } from './local-checks.js';

export interface CheckRequest {
  id: number;
  input: LocalChecksInput;
}

export type CheckReply = { id: number; outcome: LocalChecksOutcome } | { id: number; error: string };

parentPort?.on('message', ({ id, input }: CheckRequest) => {
  let reply: CheckReply;
  try {
    reply = { id, outcome: runLocalChecks(input) };
  } catch (error) {
    reply = { id, error: error instanceof Error ? error.message : String(error) };
  }
  parentPort?.postMessage(reply);
});
