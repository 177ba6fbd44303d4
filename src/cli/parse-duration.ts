// Durations as typed on the command line: 90m, 12h, 30d, 2w.

const unitMs: Record<string, number> = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/** Milliseconds, or undefined when the text is not a positive duration. */
export function parseDuration(text: string): number | undefined {
  const match = /^\s*(\d+)\s*([mhdw])\s*$/i.exec(text);
  if (!match) return undefined;
  const amount = Number(match[1]);
  const unit = unitMs[(match[2] ?? '').toLowerCase()];
  if (unit === undefined || amount <= 0) return undefined;
  const milliseconds = amount * unit;
  return Number.isSafeInteger(milliseconds) ? milliseconds : undefined;
}
