// The token-counting thread (token-counter.ts starts it): estimates run here so a long prompt never
// stalls the event loop, and the tokenizer's tables (about 67 MB) leave with the thread when it
// idles. Messages: { id, text, fixedTokens } in, { id, tokens } or { id, error } out.

import { parentPort } from 'node:worker_threads';
import { estimateTokens } from './estimate-usage.js';

export interface CountRequest {
  id: number;
  text: string;
  fixedTokens: number;
}

export type CountReply = { id: number; tokens: number } | { id: number; error: string };

const port = parentPort;
port?.on('message', (request: CountRequest) => {
  estimateTokens({ text: request.text, fixedTokens: request.fixedTokens }).then(
    (tokens) => port.postMessage({ id: request.id, tokens } satisfies CountReply),
    (error: unknown) => port.postMessage({ id: request.id, error: String(error) } satisfies CountReply),
  );
});
