import { describe, expect, it } from 'vitest';
import { startService } from './child-service.js';

const node = process.execPath;

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

const readyOn = (word: string) => (lines: readonly string[]) => lines.find((line) => line.startsWith(word));

describe('startService', () => {
  it('resolves with what the ready check found, and stops the process', async () => {
    const service = await startService({
      name: 'echo',
      command: node,
      args: [
        '-e',
        'console.log("booting"); setTimeout(() => console.log("ready at 42"), 50); setInterval(() => {}, 1000)',
      ],
      env: process.env,
      ready: readyOn('ready'),
    });
    expect(service.ready).toBe('ready at 42');
    expect(alive(service.pid)).toBe(true);
    await service.stop();
    expect(alive(service.pid)).toBe(false);
  });

  it('reports a process that dies before it is ready, with its stderr', async () => {
    const failure = startService({
      name: 'crasher',
      command: node,
      args: ['-e', 'console.error("port already taken"); process.exit(3)'],
      env: process.env,
      ready: readyOn('ready'),
    });
    await expect(failure).rejects.toThrow(
      /crasher exited \(code 3\) before it was ready[\s\S]*port already taken/,
    );
  });

  it('gives up after the timeout and kills the process', async () => {
    let pid = 0;
    const failure = startService({
      name: 'sleeper',
      command: node,
      args: ['-e', 'console.log(process.pid); setInterval(() => {}, 1000)'],
      env: process.env,
      ready: (lines) => {
        pid = Number(lines[0] ?? 0);
        return undefined;
      },
      timeoutMs: 2000,
    });
    await expect(failure).rejects.toThrow(/sleeper was not ready after 2000 ms/);
    expect(pid).toBeGreaterThan(0);
    expect(alive(pid)).toBe(false);
  });

  it('kills a process that ignores SIGTERM', async () => {
    const service = await startService({
      name: 'stubborn',
      command: node,
      args: ['-e', 'process.on("SIGTERM", () => {}); console.log("ready"); setInterval(() => {}, 1000)'],
      env: process.env,
      ready: readyOn('ready'),
      stopGraceMs: 200,
    });
    await service.stop();
    expect(alive(service.pid)).toBe(false);
  });

  it('keeps draining output after ready, so a chatty child never blocks', async () => {
    const service = await startService({
      name: 'chatty',
      command: node,
      args: [
        '-e',
        'console.log("ready"); const line = "x".repeat(1000); for (let i = 0; i < 2000; i++) console.log(line); console.log("still alive"); setInterval(() => {}, 1000)',
      ],
      env: process.env,
      ready: readyOn('ready'),
    });
    for (let attempt = 0; attempt < 100 && !service.recentOutput().includes('still alive'); attempt += 1) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(service.recentOutput()).toContain('still alive');
    await service.stop();
  });
});
