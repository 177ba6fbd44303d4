// The lifetime of one upstream attempt: one AbortSignal that fires when the client leaves, the
// request's deadline passes, or the first token is late; and cleanup of its timers and listeners.

import { GatewayError } from '../errors.js';

export class AttemptControl {
  private readonly controller = new AbortController();
  private deadlineTimer: NodeJS.Timeout | undefined;
  private firstTokenTimer: NodeJS.Timeout | undefined;
  private readonly onClientAbort = (): void => {
    this.controller.abort(new GatewayError('request_timeout', 'The client closed the connection.'));
  };

  constructor(
    private readonly clientSignal: AbortSignal,
    deadline: number,
  ) {
    if (clientSignal.aborted) this.onClientAbort();
    else clientSignal.addEventListener('abort', this.onClientAbort, { once: true });
    this.deadlineTimer = setTimeout(
      () =>
        this.controller.abort(
          new GatewayError('upstream_timeout', 'The request ran past its total timeout.'),
        ),
      Math.max(0, deadline - Date.now()),
    );
  }

  get signal(): AbortSignal {
    return this.controller.signal;
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
    this.clientSignal.removeEventListener('abort', this.onClientAbort);
    if (options.abort && !this.controller.signal.aborted) this.controller.abort();
  }
}
