// One attempt's own cancellation: it fires when the request's does (the client left) or when
// the router calls off this attempt alone (a hedge that lost the race).

import type { Cancellation } from '../core/index.js';

export interface AttemptCancellation extends Cancellation {
  /** Calls off this attempt only. */
  cancel(): void;
  /** Releases the listener on the request's cancellation (the attempt failed: nothing goes on). */
  release(): void;
}

export function attemptCancellation(request: Cancellation): AttemptCancellation {
  let cancelled = false;
  const listeners = new Set<() => void>();
  const fire = (): void => {
    if (cancelled) return;
    cancelled = true;
    for (const listener of [...listeners]) listener();
    listeners.clear();
  };
  const unsubscribe = request.onCancel(fire);
  return {
    get cancelled() {
      return cancelled;
    },
    onCancel(listener) {
      if (cancelled) {
        listener();
        return () => undefined;
      }
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    cancel: fire,
    release: unsubscribe,
  };
}
