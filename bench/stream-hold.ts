// A gate the mock upstream's streams wait at after their first content chunk, so the benchmark
// can hold hundreds of streams open, measure the target, then let them all finish at once.

export class StreamHold {
  #engaged = false;
  #held = 0;
  #open: () => void = () => undefined;
  #gate: Promise<void> = Promise.resolve();

  get engaged(): boolean {
    return this.#engaged;
  }

  /** Streams currently waiting at the gate. */
  get held(): number {
    return this.#held;
  }

  /** From now on, streams stop after their first content chunk until release(). */
  engage(): void {
    if (this.#engaged) return;
    this.#engaged = true;
    this.#gate = new Promise((resolve) => {
      this.#open = resolve;
    });
  }

  /** Lets every waiting stream go on, and stops holding new ones. */
  release(): void {
    this.#engaged = false;
    this.#open();
  }

  /** Waits at the gate when engaged; `abandoned` ends the wait early (the client went away). */
  async wait(abandoned: Promise<unknown>): Promise<void> {
    if (!this.#engaged) return;
    this.#held += 1;
    try {
      await Promise.race([this.#gate, abandoned]);
    } finally {
      this.#held -= 1;
    }
  }
}
