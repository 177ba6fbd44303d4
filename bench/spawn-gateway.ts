// Starts the built gateway (`serve`) as a child process in a data directory that already holds
// its switchyard.yaml, and waits for its address and first virtual key. For the tools that run
// one gateway of their own (thread-cost.ts, reliability.ts) rather than the bench's targets.

import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { gatewayEntry } from './gateway-target.js';

export interface SpawnedGateway {
  child: ChildProcess;
  pid: number;
  origin: string;
  key: string;
  /** The first admin token (for /admin/records). */
  adminToken: string;
  /** SIGTERM, and wait for the exit. */
  stop(): Promise<void>;
}

export async function spawnGateway(dataDirectory: string, env: NodeJS.ProcessEnv): Promise<SpawnedGateway> {
  const child = spawn(process.execPath, [join(process.cwd(), gatewayEntry), 'serve'], {
    cwd: dataDirectory,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => {
    output += chunk.toString();
    if (process.env.SHOW_STDERR) process.stderr.write(chunk);
  });
  while (!/listening on (\S+)/.test(output) || !/Virtual key \(shown once\): (sy-\S+)/.test(output)) {
    if (child.exitCode !== null) throw new Error(`gateway exited: ${output}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return {
    child,
    pid: child.pid ?? 0,
    origin: /listening on (\S+)/.exec(output)?.[1] ?? '',
    key: /Virtual key \(shown once\): (sy-\S+)/.exec(output)?.[1] ?? '',
    adminToken: /Admin token \(shown once\): (\S+)/.exec(output)?.[1] ?? '',
    async stop() {
      child.kill('SIGTERM');
      if (child.exitCode === null) await new Promise((resolve) => child.once('exit', resolve));
    },
  };
}
