import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { describe, expect, it } from 'vitest';
import {
  clockTicksPerSecond,
  parseRssBytes,
  parseStatLine,
  parseStatusBytes,
  processTree,
  readCpuMicros,
  readRssBytes,
} from './process-stats.js';

describe('parseStatLine', () => {
  it('counts fields from the last parenthesis, so odd command names do not shift them', () => {
    const line = '4242 (node (a) b) S 17 4242 4242 0 -1 4194304 100 0 0 0 250 30 0 0 20 0 11 0 999 1 2';
    expect(parseStatLine(line)).toEqual({ parentPid: 17, cpuTicks: 280 });
  });

  it('rejects text that is not a stat line', () => {
    expect(() => parseStatLine('no parenthesis here')).toThrow(/not a \/proc stat line/);
    expect(() => parseStatLine('1 (x) S')).toThrow(/unreadable/);
  });
});

describe('parseRssBytes', () => {
  it('reads VmRSS in kB as bytes', () => {
    expect(parseRssBytes('Name:\tnode\nVmPeak:\t 999 kB\nVmRSS:\t   51200 kB\nThreads: 7\n')).toBe(
      51200 * 1024,
    );
  });

  it('reads the peak (VmHWM) the same way, and not the VmRSS line', () => {
    const status = 'VmHWM:\t  204800 kB\nVmRSS:\t   51200 kB\n';
    expect(parseStatusBytes(status, 'VmHWM')).toBe(204800 * 1024);
    expect(parseStatusBytes(status, 'VmRSS')).toBe(51200 * 1024);
  });

  it('fails loudly when there is no VmRSS line', () => {
    expect(() => parseRssBytes('Name:\tkthreadd\n')).toThrow(/VmRSS/);
  });
});

describe('reading a live process', () => {
  it('sees this process’s memory and its CPU time grow with work', () => {
    expect(readRssBytes(process.pid)).toBeGreaterThan(10 * 1024 * 1024);
    const before = readCpuMicros(process.pid);
    // Spin until the process has really used 200 ms of CPU: wall time means little on a busy machine.
    const usage = process.cpuUsage();
    while (process.cpuUsage(usage).user < 200_000) Math.sqrt(Math.random());
    expect(readCpuMicros(process.pid) - before).toBeGreaterThanOrEqual(150_000);
    expect(clockTicksPerSecond()).toBeGreaterThan(0);
  });

  it('counts a child process into its parent’s tree', async () => {
    const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 5000)'], { stdio: 'ignore' });
    await once(child, 'spawn');
    try {
      expect(processTree(process.pid)).toContain(child.pid);
      expect(processTree(child.pid!)).toEqual([child.pid]);
    } finally {
      child.kill('SIGKILL');
      await once(child, 'exit');
    }
  });

  it('throws for a process that does not exist', () => {
    expect(() => readRssBytes(2 ** 22 + 12345)).toThrow();
    expect(() => readCpuMicros(2 ** 22 + 12345)).toThrow();
  });
});
