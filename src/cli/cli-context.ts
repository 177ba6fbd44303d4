// What a CLI command may touch outside itself: output streams, environment, clock, working
// directory, signals and the server loader. Tests pass fakes; main.ts passes the real process.

import type { EventEmitter } from 'node:events';
import { setFlagsFromString } from 'node:v8';
import type { StartOptions } from '../server/start-gateway.js';

/** What the CLI uses of a started gateway. */
export interface RunningGateway {
  url: string;
  close(): Promise<void>;
}

/** The part of src/server/start-gateway.ts the CLI uses; a type-only import, so nothing loads early. */
export interface ServerModule {
  startGateway(options: StartOptions): Promise<RunningGateway>;
}

export interface CliContext {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  env: Readonly<Record<string, string | undefined>>;
  cwd: string;
  now: () => Date;
  /** Where `serve` listens for SIGTERM / SIGINT. */
  signals: Pick<EventEmitter, 'on'>;
  /** Ends the process after `serve` has shut down. */
  exit: (code: number) => void;
  loadServer: () => Promise<ServerModule>;
  /** Everything on standard input, as text (`guard scan` without a file). */
  readStdin: () => Promise<string>;
  /** Sets V8 flags for this process (`serve`: server.heapGrowthPercent). */
  setV8Flags: (flags: string) => void;
}

export function processContext(): CliContext {
  return {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    env: process.env,
    cwd: process.cwd(),
    now: () => new Date(),
    signals: process,
    exit: (code) => process.exit(code),
    // Loaded on use: the server pulls in storage drivers and more that `--help` must not wait for.
    loadServer: () => import('../server/start-gateway.js'),
    readStdin: async () => {
      let text = '';
      for await (const chunk of process.stdin) text += String(chunk);
      return text;
    },
    setV8Flags: (flags) => setFlagsFromString(flags),
  };
}
