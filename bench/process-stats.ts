// Reads a target's resident memory and CPU time from /proc (Linux only). A target is its process
// plus any live descendants, so a gateway that forks workers is still measured whole.

import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

export interface StatFields {
  parentPid: number;
  /** utime + stime, in clock ticks. */
  cpuTicks: number;
}

/**
 * Parses /proc/<pid>/stat. The command name (field 2) is in parentheses and may itself hold
 * spaces or parentheses, so fields are counted from the last `)`.
 */
export function parseStatLine(line: string): StatFields {
  const end = line.lastIndexOf(')');
  if (end < 0) throw new Error(`not a /proc stat line: ${line.slice(0, 80)}`);
  // After ") " come fields 3 (state), 4 (ppid) ... 14 (utime), 15 (stime).
  const fields = line.slice(end + 2).split(' ');
  const parentPid = Number(fields[1]);
  const utime = Number(fields[11]);
  const stime = Number(fields[12]);
  if (![parentPid, utime, stime].every(Number.isFinite)) {
    throw new Error(`unreadable /proc stat line: ${line.slice(0, 80)}`);
  }
  return { parentPid, cpuTicks: utime + stime };
}

/** Parses a memory line of /proc/<pid>/status (reported in kB, which are KiB), in bytes. */
export function parseStatusBytes(status: string, field: 'VmRSS' | 'VmHWM'): number {
  const match = new RegExp(`^${field}:\\s+(\\d+)\\s+kB$`, 'm').exec(status);
  if (!match?.[1]) throw new Error(`no ${field} line in /proc status (a zombie or kernel thread?)`);
  return Number(match[1]) * 1024;
}

/** Parses VmRSS out of /proc/<pid>/status, in bytes. */
export function parseRssBytes(status: string): number {
  return parseStatusBytes(status, 'VmRSS');
}

let ticksPerSecond: number | undefined;

/** The kernel's clock tick rate (USER_HZ), almost always 100. */
export function clockTicksPerSecond(): number {
  if (ticksPerSecond === undefined) {
    try {
      ticksPerSecond = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    } catch {
      ticksPerSecond = 100;
    }
  }
  return ticksPerSecond;
}

/** The pid and every live descendant of it. */
export function processTree(rootPid: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let parentPid: number;
    try {
      parentPid = parseStatLine(readFileSync(`/proc/${entry}/stat`, 'utf8')).parentPid;
    } catch {
      continue; // the process ended while we listed /proc
    }
    const siblings = children.get(parentPid) ?? [];
    siblings.push(Number(entry));
    children.set(parentPid, siblings);
  }
  const tree = [rootPid];
  for (let index = 0; index < tree.length; index += 1) {
    tree.push(...(children.get(tree[index] as number) ?? []));
  }
  return tree;
}

/** Resident memory of the process tree, in bytes. Throws when the root process is gone. */
export function readRssBytes(rootPid: number): number {
  let total = parseRssBytes(readFileSync(`/proc/${rootPid}/status`, 'utf8'));
  for (const pid of processTree(rootPid).slice(1)) {
    try {
      total += parseRssBytes(readFileSync(`/proc/${pid}/status`, 'utf8'));
    } catch {
      // a descendant that just exited holds no memory
    }
  }
  return total;
}

/** The most resident memory one process has held (VmHWM), in bytes. */
export function readPeakBytes(pid: number): number {
  return parseStatusBytes(readFileSync(`/proc/${pid}/status`, 'utf8'), 'VmHWM');
}

/** User + system CPU time of the process tree so far, in microseconds. Throws when the root is gone. */
export function readCpuMicros(rootPid: number): number {
  let ticks = parseStatLine(readFileSync(`/proc/${rootPid}/stat`, 'utf8')).cpuTicks;
  for (const pid of processTree(rootPid).slice(1)) {
    try {
      ticks += parseStatLine(readFileSync(`/proc/${pid}/stat`, 'utf8')).cpuTicks;
    } catch {
      // a descendant that just exited: its time is lost to us, as it is to `ps`
    }
  }
  return (ticks * 1_000_000) / clockTicksPerSecond();
}
