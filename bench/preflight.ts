// Checks a target answers correctly before it is measured, so a table never reports the speed of
// a 401 or of a broken stream. Returns a readable reason on failure.

import type { Pool } from 'undici';
import { benchPool, chatRequest } from './load/chat-request.js';
import { isCompleteStream, readChatStream } from './load/stream-reader.js';
import { answerText } from './mock-payloads.js';
import type { Target } from './target.js';

async function checkCompletion(pool: Pool, target: Target): Promise<string | undefined> {
  const response = await pool.request(chatRequest(target, false));
  const text = await response.body.text();
  if (response.statusCode !== 200)
    return `chat completion answered ${response.statusCode}: ${text.slice(0, 300)}`;
  let content: unknown;
  try {
    content = (JSON.parse(text) as { choices?: Array<{ message?: { content?: unknown } }> }).choices?.[0]
      ?.message?.content;
  } catch {
    return `chat completion body is not JSON: ${text.slice(0, 300)}`;
  }
  return content === answerText
    ? undefined
    : `chat completion content differs from the mock's: ${String(content)}`;
}

async function checkStream(pool: Pool, target: Target): Promise<string | undefined> {
  const response = await pool.request(chatRequest(target, true));
  if (response.statusCode !== 200) {
    return `streaming chat completion answered ${response.statusCode}: ${(await response.body.text()).slice(0, 300)}`;
  }
  const reading = await readChatStream(response.body);
  if (isCompleteStream(reading, answerText)) return undefined;
  return `stream incomplete: [DONE] ${reading.done ? 'seen' : 'missing'}, ${reading.malformed} malformed events, text ${JSON.stringify(reading.text.slice(0, 120))}`;
}

export async function preflight(target: Target): Promise<string | undefined> {
  const pool = benchPool(target, 1);
  try {
    return (await checkCompletion(pool, target)) ?? (await checkStream(pool, target));
  } catch (error) {
    return `request failed: ${(error as Error).message}`;
  } finally {
    await pool.destroy();
  }
}
