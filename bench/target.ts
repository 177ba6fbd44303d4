// What the load generators know about a benchmark target: where to send requests, with which key
// and model, and which process to watch for memory and CPU. No behaviour lives here.

export const targetNames = ['direct', 'bare', 'gateway'] as const;
export type TargetName = (typeof targetNames)[number];

export const targetLabels: Record<TargetName, string> = {
  direct: 'direct (mock)',
  bare: 'bare proxy',
  gateway: 'gateway',
};

export interface Target {
  name: TargetName;
  /** Origin the client talks to, e.g. http://127.0.0.1:40123; requests go to /v1/... under it. */
  origin: string;
  /** The Authorization header value. */
  authorization: string;
  model: string;
  /** The process whose RSS and CPU are the target's (for direct, the mock upstream itself). */
  pid: number;
  stop(): Promise<void>;
}
