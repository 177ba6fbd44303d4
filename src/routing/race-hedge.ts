// A hedged first attempt: if the first has not answered (committed) after `delayMs`, a second
// starts on another target; the first to answer wins and the other is called off. Failures are
// returned, not thrown, so the retry loop can go on from them.

export interface Launched<Result> {
  /** The target's index in the request's order. */
  index: number;
  number: number;
  promise: Promise<Result>;
  /** Calls this attempt off (it then fails with a cancelled verdict). */
  cancel(): void;
}

export type HedgeOutcome<Result> =
  | { kind: 'answered'; winner: Launched<Result>; result: Result; launched: number }
  | { kind: 'failed'; failures: Array<{ launched: Launched<Result>; error: unknown }> };

export async function raceHedge<Result>(
  first: Launched<Result>,
  delayMs: number,
  startHedge: () => Launched<Result> | undefined,
): Promise<HedgeOutcome<Result>> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<'late'>((resolve) => {
    timer = setTimeout(resolve, delayMs, 'late');
  });
  const early = await Promise.race([
    first.promise.then(
      () => 'settled' as const,
      () => 'settled' as const,
    ),
    late,
  ]);
  clearTimeout(timer);
  const hedge = early === 'late' ? startHedge() : undefined;
  const running = hedge === undefined ? [first] : [first, hedge];
  return new Promise((resolve) => {
    const failures: Array<{ launched: Launched<Result>; error: unknown }> = [];
    let done = false;
    for (const launched of running) {
      launched.promise.then(
        (result) => {
          if (done) return;
          done = true;
          for (const other of running) if (other !== launched) other.cancel();
          resolve({ kind: 'answered', winner: launched, result, launched: running.length });
        },
        (error: unknown) => {
          if (done) return;
          failures.push({ launched, error });
          if (failures.length === running.length) {
            done = true;
            resolve({ kind: 'failed', failures });
          }
        },
      );
    }
  });
}
