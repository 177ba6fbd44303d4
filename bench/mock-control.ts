// The benchmark's handle on the mock upstream's stream gate, over the mock's /bench/ control
// endpoints (never through a target). Used to hold hundreds of streams open at once.

import { request } from 'undici';

export interface MockState {
  holding: boolean;
  /** Streams waiting at the gate: the streams a target actually opened upstream. */
  held: number;
  openStreams: number;
}

export class MockControl {
  constructor(readonly origin: string) {}

  async hold(): Promise<MockState> {
    return this.#call('POST', '/bench/hold');
  }

  async release(): Promise<MockState> {
    return this.#call('POST', '/bench/release');
  }

  async state(): Promise<MockState> {
    return this.#call('GET', '/bench/state');
  }

  async #call(method: 'GET' | 'POST', path: string): Promise<MockState> {
    const response = await request(`${this.origin}${path}`, { method });
    const body = await response.body.text();
    if (response.statusCode !== 200)
      throw new Error(`mock control ${path} answered ${response.statusCode}: ${body}`);
    return JSON.parse(body) as MockState;
  }
}
