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

/** Code points there are: an edge's key is its parent node × this + its code point. */
const codePoints = 0x110000;

/** Id of the unknown piece: a character no piece starts with. Runs of it count as one token. */
const unknownId = 0;

export class SentencePieces {
  /**
   * Every piece and every prefix of one, as a trie over code points in typed arrays (about 1 MB;
   * a Map of prefix strings took about 8 MB): node n's children are entries first[n]..first[n+1]
   * of childCodes (sorted) and childNodes; pieceIds[n] is the piece ending there, or -1.
   */
  readonly #first: Uint32Array;
  readonly #childCodes: Uint32Array;
  readonly #childNodes: Uint32Array;
  readonly #pieceIds: Int32Array;
  readonly #scores: Float64Array;
  /** Each id's piece length, as the reference tokenizer steps back over it. */
  readonly #lengths: Uint8Array;

  constructor(vocabulary: readonly VocabularyEntry[]) {
    this.#scores = new Float64Array(vocabulary.length);
    this.#lengths = new Uint8Array(vocabulary.length);
    // Edges first (one Map from parent and code point to child), then packed by parent and code.
    const edges = new Map<number, number>();
    const parents: number[] = [];
    const codes: number[] = [];
    const pieceIds: number[] = [-1];
    for (let id = 0; id < vocabulary.length; id++) {
      const [piece, score] = vocabulary[id]!;
      this.#scores[id] = score ?? 0;
      this.#lengths[id] = Math.min(255, piece.length);
      if (id < reservedIds || piece === '') continue;
      let node = 0;
      for (const symbol of piece) {
        const code = symbol.codePointAt(0)!;
        const key = node * codePoints + code;
        let next = edges.get(key);
        if (next === undefined) {
          next = pieceIds.length;
          pieceIds.push(-1);
          parents.push(node);
          codes.push(code);
          edges.set(key, next);
        }
        node = next;
      }
      // A later duplicate wins, as in the reference.
      pieceIds[node] = id;
    }
    // Node n (n > 0) is the child on edge n - 1: sort those edges by parent, then code.
    const order = Array.from(parents.keys()).sort(
      (left, right) => parents[left]! - parents[right]! || codes[left]! - codes[right]!,
    );
    this.#first = new Uint32Array(pieceIds.length + 1);
    this.#childCodes = new Uint32Array(order.length);
    this.#childNodes = new Uint32Array(order.length);
    order.forEach((edge, position) => {
      this.#childCodes[position] = codes[edge]!;
      this.#childNodes[position] = edge + 1;
      this.#first[parents[edge]! + 1]!++;
    });
    for (let node = 0; node < pieceIds.length; node++) this.#first[node + 1]! += this.#first[node]!;
    this.#pieceIds = Int32Array.from(pieceIds);
  }

  /** The ids of `text`, in order. */
  encode(text: string): number[] {
    const codes = Array.from(prepare(text), (symbol) => symbol.codePointAt(0)!);
    const count = codes.length;
    const best = new Float64Array(count + 1);
    const chosen = new Int32Array(count + 1);
    for (let start = 0; start < count; start++) {
      const before = best[start]!;
      let node = 0;
      let matched = false;
      for (let end = start; end < count; end++) {
        node = this.#child(node, codes[end]!);
        if (node < 0) break;
        const id = this.#pieceIds[node]!;
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

  /** The child of `node` along code point `code`, or -1 (a binary search of its sorted children). */
  #child(node: number, code: number): number {
    let low = this.#first[node]!;
    let high = this.#first[node + 1]!;
    while (low < high) {
      const middle = (low + high) >>> 1;
      const found = this.#childCodes[middle]!;
      if (found === code) return this.#childNodes[middle]!;
      if (found < code) low = middle + 1;
      else high = middle;
    }
    return -1;
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
