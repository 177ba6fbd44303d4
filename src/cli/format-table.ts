// Plain-text tables for human output: left-aligned columns separated by two spaces, no colour,
// so the output is readable in a terminal and greppable in a log.

export function formatTable(
  headers: readonly string[] | undefined,
  rows: ReadonlyArray<readonly string[]>,
): string {
  const all = headers === undefined ? rows : [headers, ...rows];
  const widths: number[] = [];
  for (const row of all)
    row.forEach((cell, index) => (widths[index] = Math.max(widths[index] ?? 0, cell.length)));
  return all
    .map((row) =>
      row
        .map((cell, index) => (index === row.length - 1 ? cell : cell.padEnd(widths[index] ?? 0)))
        .join('  ')
        .trimEnd(),
    )
    .map((line) => `${line}\n`)
    .join('');
}
