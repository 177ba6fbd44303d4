// Starts a long-running child process (mock upstream, bare proxy, gateway), waits until its stdout
// says it is ready, keeps draining its output so it never blocks on a full pipe, and stops it.

import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';

export interface ServiceOptions<Ready> {
  name: string;
  command: string;
  args: string[];
  env: NodeJS.ProcessEnv;
  cwd?: string;
  /** Looks at every stdout line seen so far; returns a value once the service is ready. */
  ready: (lines: readonly string[]) => Ready | undefined;
  timeoutMs?: number;
  /** How long stop() waits after SIGTERM before SIGKILL (a gateway drains in-flight work). */
  stopGraceMs?: number;
}

export interface Service<Ready> {
  name: string;
  pid: number;
  ready: Ready;
  /** The last stdout and stderr lines, for error messages. */
  recentOutput(): string;
  stop(): Promise<void>;
}

const keptLines = 200;
const running = new Set<ChildProcess>();

// A benchmark interrupted with Ctrl-C must not leave servers behind.
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

export async function startService<Ready>(options: ServiceOptions<Ready>): Promise<Service<Ready>> {
  const child = spawn(options.command, options.args, {
    cwd: options.cwd,
    env: options.env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  const stdout: string[] = [];
  const recent: string[] = [];
  const remember = (line: string) => {
    recent.push(line);
    if (recent.length > keptLines) recent.shift();
  };
  createInterface({ input: child.stdout }).on('line', (line) => {
    if (stdout.length < keptLines) stdout.push(line);
    remember(line);
  });
  createInterface({ input: child.stderr }).on('line', remember);
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code, signal) => {
      running.delete(child);
      resolve(code ?? (signal ? -1 : null));
    }),
  );
  const recentOutput = () => recent.join('\n');
  const stop = () => stopChild(child, exited, options.stopGraceMs ?? 5000);
  try {
    const ready = await waitForReady(options, stdout, exited, recentOutput);
    return { name: options.name, pid: child.pid!, ready, recentOutput, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

async function waitForReady<Ready>(
  options: ServiceOptions<Ready>,
  stdout: readonly string[],
  exited: Promise<number | null>,
  recentOutput: () => string,
): Promise<Ready> {
  const deadline = Date.now() + (options.timeoutMs ?? 30_000);
  let exitCode: number | null | undefined;
  void exited.then((code) => (exitCode = code));
  for (;;) {
    const ready = options.ready(stdout);
    if (ready !== undefined) return ready;
    if (exitCode !== undefined) {
      throw new Error(
        `${options.name} exited (code ${exitCode}) before it was ready. Its output:\n${recentOutput()}`,
      );
    }
    if (Date.now() > deadline) {
      throw new Error(
        `${options.name} was not ready after ${options.timeoutMs ?? 30_000} ms. Its output:\n${recentOutput()}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

async function stopChild(
  child: ChildProcess,
  exited: Promise<number | null>,
  graceMs: number,
): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}
