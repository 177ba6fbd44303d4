// Tells whether a module is the process's entry point, so one file can be both a library for
// tests and a runnable child process for the benchmark (`node --import tsx bench/x.ts`).

import { realpathSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

export function isMain(moduleUrl: string): boolean {
  const entry = process.argv[1];
  if (!entry) return false;
  try {
    return pathToFileURL(realpathSync(entry)).href === moduleUrl;
  } catch {
    return false;
  }
}
