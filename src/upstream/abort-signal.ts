// A cheap abort signal for one upstream request. undici accepts an EventEmitter with `aborted`
// and `reason` in place of an AbortSignal; creating one costs far less than an AbortController,
// which matters once per attempt on the hot path (see docs/benchmarks.md).

import { EventEmitter } from 'node:events';

/** What send() and toTransportError() read of a signal: either kind works. */
export interface AbortState {
  readonly aborted: boolean;
  readonly reason?: unknown;
}

export class RequestSignal extends EventEmitter implements AbortState {
  aborted = false;
  reason: unknown = undefined;

  abort(reason?: unknown): void {
    if (this.aborted) return;
    this.aborted = true;
    this.reason = reason;
    this.emit('abort');
  }
}
