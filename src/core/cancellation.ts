// A cheap cancellation token: the client went away. Cheaper than an AbortController per request
// (which costs microseconds to create in Node 20); attempts that need a real AbortSignal make one.

export interface Cancellation {
  readonly cancelled: boolean;
  /** Calls `listener` once when cancelled (at once if already); returns a function that unsubscribes. */
  onCancel(listener: () => void): () => void;
}

/** A Cancellation that follows an AbortSignal (for callers that already have one). */
export function cancellationFrom(signal: AbortSignal): Cancellation {
  return {
    get cancelled() {
      return signal.aborted;
    },
    onCancel(listener) {
      if (signal.aborted) {
        listener();
        return () => undefined;
      }
      signal.addEventListener('abort', listener, { once: true });
      return () => signal.removeEventListener('abort', listener);
    },
  };
}
