// Plain-text tables for human output: left-aligned columns separated by two spaces, no colour,
// so the output is readable in a terminal and greppable in a log.

/**
 * Every cell is shown with its control characters escaped, line breaks and tabs too (a cell is
 * one line): a cell may hold what a client sent (a model name, a key's name), and a hostile one
 * must not drive the operator's terminal.
 */
export function formatTable(
  headers: readonly string[] | undefined,
  rows: ReadonlyArray<readonly string[]>,
): string {
  const all = (headers === undefined ? rows : [headers, ...rows]).map((row) => row.map(oneLine));
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

/**
 * Text from a request (a model name, a prompt that is not JSON) with its control characters shown
 * as \uXXXX escapes, so a hostile value cannot drive the terminal; line breaks and tabs stay.
 */
export function printable(text: string, keep = '\n\t'): string {
  let shown = '';
  for (const character of text) {
    const code = character.charCodeAt(0);
    const control = code < 0x20 ? !keep.includes(character) : code >= 0x7f && code <= 0x9f;
    shown += control ? `\\u${code.toString(16).padStart(4, '0')}` : character;
  }
  return shown;
}

/** A table cell: every control character escaped. */
function oneLine(cell: string): string {
  return printable(cell, '');
}
