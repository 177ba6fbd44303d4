// Bounds the cost of scoring a very long text: past a length, only its head (three quarters of
// that length) and its tail (a quarter: where an appended suffix and the decoded hidden views
// are) are read. Shared by the classifier and the gibberish score; the rules read everything.

/** The parts of `text` to score: the text itself when it is short enough, else head and tail. */
export function headAndTail(text: string, longTextLength: number): string[] {
  if (text.length <= longTextLength) return [text];
  const head = Math.floor((longTextLength * 3) / 4);
  return [text.slice(0, head), text.slice(text.length - (longTextLength - head))];
}
