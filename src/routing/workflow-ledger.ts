// Time spent per workflow (the x-switchyard-workflow header), so each step of an agent's workflow
// can be told how much its earlier steps took through this gateway. In process, bounded: the
// least recently seen workflows are forgotten first, and any after an hour without a request.

const maxWorkflows = 10_000;
const forgetAfterMs = 3_600_000;

export class WorkflowLedger {
  readonly #spent = new Map<string, { ms: number; seenAt: number }>();
  readonly #now: () => number;

  constructor(now: () => number = Date.now) {
    this.#now = now;
  }

  /** Milliseconds the workflow's finished requests took so far (0 for a new one). */
  spentMs(workflow: string): number {
    const entry = this.#spent.get(workflow);
    if (entry === undefined || this.#now() - entry.seenAt > forgetAfterMs) return 0;
    return entry.ms;
  }

  /** A request of the workflow finished after `elapsedMs`. */
  add(workflow: string, elapsedMs: number): void {
    const now = this.#now();
    const entry = this.#spent.get(workflow);
    const before = entry === undefined || now - entry.seenAt > forgetAfterMs ? 0 : entry.ms;
    // Re-inserted, so the Map's order is least recently seen first.
    this.#spent.delete(workflow);
    this.#spent.set(workflow, { ms: before + Math.max(0, elapsedMs), seenAt: now });
    if (this.#spent.size > maxWorkflows) {
      const oldest = this.#spent.keys().next().value;
      if (oldest !== undefined) this.#spent.delete(oldest);
    }
  }

  get size(): number {
    return this.#spent.size;
  }
}
