// The embedded encoder's tokenizer: a unigram SentencePiece split over the model's own vocabulary,
// the highest-scoring segmentation found left to right. It gives exactly the ids of the tokenizer
// inside `@energetic-ai/embeddings` (ties, unknown characters and all: the vectors must not move),
// but in linear time: that one copies the rest of the text at every character, which for a
// 4,000-character prompt means millions of copies and a worker heap that grows to match.

/** One vocabulary entry as the model package ships it: the piece and its log-probability. */
export type VocabularyEntry = readonly [piece: string, score: number | null];

/** Word boundary mark: the tokenizer sees spaces, and the text's start, as this character. */
const boundary = '\u2581';

/** Ids below this are control symbols (unknown, start, end, spares), never matched in text. */
const reservedIds = 6;

/** Id of the unknown piece: a character no piece starts with. Runs of it count as one token. */
const unknownId = 0;

export class SentencePieces {
  /** Every piece, and every prefix of one, to its id; -1 for a prefix that is no piece itself. */
  readonly #prefixes = new Map<string, number>();
  readonly #scores: Float64Array;
  /** Each id's piece length, as the reference tokenizer steps back over it. */
  readonly #lengths: Uint8Array;
  readonly #longest: number;

  constructor(vocabulary: readonly VocabularyEntry[]) {
    this.#scores = new Float64Array(vocabulary.length);
    this.#lengths = new Uint8Array(vocabulary.length);
    let longest = 1;
    for (let id = 0; id < vocabulary.length; id++) {
      const [piece, score] = vocabulary[id]!;
      this.#scores[id] = score ?? 0;
      this.#lengths[id] = Math.min(255, piece.length);
      if (id < reservedIds || piece === '') continue;
      const symbols = Array.from(piece);
      longest = Math.max(longest, symbols.length);
      let prefix = '';
      for (const symbol of symbols.slice(0, -1)) {
        prefix += symbol;
        if (!this.#prefixes.has(prefix)) this.#prefixes.set(prefix, -1);
      }
      // A later duplicate wins, as in the reference.
      this.#prefixes.set(piece, id);
    }
    this.#longest = longest;
  }

  /** The ids of `text`, in order. */
  encode(text: string): number[] {
    const symbols = Array.from(prepare(text));
    const count = symbols.length;
    const best = new Float64Array(count + 1);
    const chosen = new Int32Array(count + 1);
    for (let start = 0; start < count; start++) {
      const before = best[start]!;
      let candidate = '';
      let matched = false;
      for (let end = start; end < count && end - start < this.#longest; end++) {
        candidate += symbols[end]!;
        const id = this.#prefixes.get(candidate);
        if (id === undefined) break;
        if (id < 0) continue;
        matched = true;
        relax(best, chosen, end + 1, this.#scores[id]! + before, id);
      }
      if (!matched) relax(best, chosen, start + 1, before, unknownId);
    }
    const backwards: number[] = [];
    for (let position = count; position > 0; position -= this.#lengths[chosen[position]!]!) {
      const id = chosen[position]!;
      if (id !== unknownId || backwards.at(-1) !== unknownId) backwards.push(id);
    }
    return backwards.reverse();
  }
}

/** NFKC, then the boundary mark before the text and in place of every space. */
function prepare(text: string): string {
  const normalised = text.normalize('NFKC');
  return normalised === '' ? '' : boundary + normalised.replaceAll(' ', boundary);
}

/**
 * The reference keeps the later of equal scores, and takes anything over a position still at 0
 * (never reached, or reached only through unknown characters).
 */
function relax(best: Float64Array, chosen: Int32Array, position: number, score: number, id: number): void {
  const current = best[position]!;
  if (current === 0 || score >= current) {
    best[position] = score;
    chosen[position] = id;
  }
}
