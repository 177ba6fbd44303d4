// Builds the one request every load generator sends: a small OpenAI chat completion, streamed or
// not. A sequence number in the prompt keeps every body distinct, so an exact cache (if a target
// had one on by default) can never turn the benchmark into a cache benchmark.

import { Pool } from 'undici';
import type { Dispatcher } from 'undici';
import type { Target } from '../target.js';

let sequence = 0;

/**
 * @see https://platform.openai.com/docs/api-reference/chat/create
 */
export function chatRequest(target: Target, stream: boolean): Dispatcher.RequestOptions {
  sequence += 1;
  const body = {
    model: target.model,
    messages: [{ role: 'user', content: `Say hello to request ${sequence}.` }],
    ...(stream ? { stream: true, stream_options: { include_usage: true } } : {}),
  };
  return {
    path: '/v1/chat/completions',
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: target.authorization },
    body: JSON.stringify(body),
  };
}

/** Sends one non-streaming request and reads the whole body; true when it succeeded. */
export async function sendChat(pool: Dispatcher, target: Target): Promise<boolean> {
  try {
    const response = await pool.request(chatRequest(target, false));
    const body = await response.body.arrayBuffer();
    return response.statusCode === 200 && body.byteLength > 0;
  } catch {
    return false;
  }
}

/** A keep-alive pool to the target; a target that stops answering fails requests instead of hanging the run. */
export function benchPool(target: Target, connections: number): Pool {
  return new Pool(target.origin, { connections, headersTimeout: 30_000, bodyTimeout: 30_000 });
}
