// The lifetime of one upstream attempt: one signal that fires when the client leaves, the
// request's deadline passes, or the first token is late; and cleanup of its timers and listeners.

import type { Cancellation } from '../core/index.js';
import { GatewayError } from '../errors.js';
import { RequestSignal } from '../upstream/abort-signal.js';

export class AttemptControl {
  private readonly controller = new RequestSignal();
  private deadlineTimer: NodeJS.Timeout | undefined;
  private firstTokenTimer: NodeJS.Timeout | undefined;
  private readonly unsubscribe: () => void;

  constructor(cancellation: Cancellation, deadline: number) {
    this.unsubscribe = cancellation.onCancel(() =>
      this.controller.abort(new GatewayError('request_timeout', 'The client closed the connection.')),
    );
    this.deadlineTimer = setTimeout(
      () =>
        this.controller.abort(
          new GatewayError('upstream_timeout', 'The request ran past its total timeout.'),
        ),
      Math.max(0, deadline - Date.now()),
    );
  }

  get signal(): RequestSignal {
    return this.controller;
  }

  /** Abort unless the first content event arrives within `ms`. */
  expectFirstToken(ms: number): void {
    clearTimeout(this.firstTokenTimer);
    this.firstTokenTimer = setTimeout(
      () =>
        this.controller.abort(new GatewayError('upstream_timeout', 'The upstream sent no content in time.')),
      ms,
    );
  }

  committed(): void {
    clearTimeout(this.firstTokenTimer);
  }

  /** Release timers and listeners; by default also aborts the upstream if it is still open. */
  finish(options: { abort: boolean } = { abort: true }): void {
    clearTimeout(this.deadlineTimer);
    clearTimeout(this.firstTokenTimer);
    this.unsubscribe();
    if (options.abort && !this.controller.aborted) this.controller.abort();
  }
}
