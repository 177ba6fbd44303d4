// Unmeasured streaming load for the warm-up: a production gateway's streaming path is as warm as
// its JSON path (most chat traffic streams), so every target streams for a while before run 1.

import type { Target } from '../target.js';
import { benchPool } from './chat-request.js';
import { timeFirstContent } from './first-token.js';

/** Keeps `concurrency` complete streams going until `durationMs` has passed; returns how many completed. */
export async function warmStreams(
  target: Target,
  options: { concurrency: number; durationMs: number },
): Promise<number> {
  const pool = benchPool(target, options.concurrency);
  const deadline = performance.now() + options.durationMs;
  let completed = 0;
  try {
    await Promise.all(
      Array.from({ length: options.concurrency }, async () => {
        while (performance.now() < deadline) {
          if ((await timeFirstContent(pool, target)) !== undefined) completed += 1;
        }
      }),
    );
  } finally {
    await pool.destroy();
  }
  return completed;
}
