// Whether a cached answer was right for a new prompt, judged against the answer the provider gave
// to that prompt: the verdict that calibrates a route's threshold (threshold-calibrator.ts). It
// must err towards "no": a wrong "yes" teaches the route to serve wrong answers, a wrong "no" only
// costs hit rate. So it asks for most of the same words in both answers (F1 over word tokens,
// case and punctuation ignored) and for the same numbers, since answers that differ only in a
// figure or a date are different answers.

/** Word-level F1 at or above this counts as the same answer. */
const agreementF1 = 0.8;

export function answersAgree(cached: string, fresh: string): boolean {
  const left = words(cached);
  const right = words(fresh);
  if (left.length === 0 || right.length === 0)
    return left.length === right.length && cached.trim() === fresh.trim();
  if (numbers(left) !== numbers(right)) return false;
  return f1(left, right) >= agreementF1;
}

function words(text: string): string[] {
  return (
    text
      .normalize('NFKC')
      .toLowerCase()
      .match(/[\p{L}\p{N}]+/gu) ?? []
  );
}

/** The numbers in order: "3 to 5" and "5 to 3" differ. */
function numbers(tokens: readonly string[]): string {
  return tokens.filter((token) => /\p{N}/u.test(token)).join(' ');
}

function f1(left: readonly string[], right: readonly string[]): number {
  const counts = new Map<string, number>();
  for (const token of left) counts.set(token, (counts.get(token) ?? 0) + 1);
  let common = 0;
  for (const token of right) {
    const remaining = counts.get(token) ?? 0;
    if (remaining > 0) {
      common += 1;
      counts.set(token, remaining - 1);
    }
  }
  if (common === 0) return 0;
  const precision = common / right.length;
  const recall = common / left.length;
  return (2 * precision * recall) / (precision + recall);
}
