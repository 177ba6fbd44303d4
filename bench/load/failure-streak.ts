// Stops a one-at-a-time measurement loop when a target has stopped answering, instead of waiting
// out a timeout per remaining request: a few failures in a row mean the target is broken.

export class FailureStreak {
  #streak = 0;

  constructor(readonly limit = 5) {}

  /** Records one request's outcome; throws once `limit` requests in a row have failed. */
  record(succeeded: boolean): void {
    this.#streak = succeeded ? 0 : this.#streak + 1;
    if (this.#streak >= this.limit) {
      throw new Error(`${this.limit} requests in a row failed: the target stopped answering correctly`);
    }
  }
}
