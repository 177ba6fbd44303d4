// The shape of a provider fixture. Every provider has one fixture per scenario name, so one
// contract suite (contract.test.ts) runs the same checks against every adapter.

import type { ChatRequest, ChatResponse, StreamEvent } from '../core/index.js';
import type { ErrorCode } from '../errors.js';
import type { SseEvent } from './provider.js';

export const scenarioNames = [
  'text',
  'tool-call',
  'parallel-tool-calls',
  'json-output',
  'usage-cached',
  'rate-limited',
  'invalid-request',
  'upstream-5xx',
  'overloaded',
  'stream-cut',
] as const;

export type ScenarioName = (typeof scenarioNames)[number];

export interface ProviderFixture {
  scenario: ScenarioName;
  /** The canonical request sent through the adapter. */
  request: ChatRequest;
  /** Fields the adapter must put in the upstream JSON body (checked as a subset). */
  expectedBody: Record<string, unknown>;
  /** What the mock upstream answers. `json` bodies are typed with the official SDK's own types. */
  upstream: {
    status: number;
    headers?: Record<string, string>;
    /** Non-streaming answer body. */
    json?: unknown;
    /** Streaming answer: the SSE events, in order; the mock closes after the last (a cut when no terminal event). */
    sse?: SseEvent[];
  };
  /** What the adapter must make of it. */
  expected:
    | {
        kind: 'response';
        response: Partial<ChatResponse> & Pick<ChatResponse, 'content' | 'finishReason' | 'usage'>;
      }
    | { kind: 'stream'; events: StreamEvent[]; done: boolean }
    | { kind: 'error'; code: ErrorCode; status: number; retryAfterSeconds?: number };
}
