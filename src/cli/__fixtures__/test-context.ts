// A CliContext for tests: captures output, fixes the clock, and fakes signals, exit and the server.

import { EventEmitter } from 'node:events';
import { runCli } from '../build-program.js';
import type { CliContext, ServerModule } from '../cli-context.js';

export interface TestRun {
  code: number;
  stdout: string;
  stderr: string;
}

export interface TestContext extends CliContext {
  output: { stdout: string; stderr: string };
  signals: EventEmitter;
  exits: number[];
  /** What setV8Flags was given, in order. */
  v8Flags: string[];
  run(...argv: string[]): Promise<TestRun>;
}

export const fixedNow = new Date('2025-06-01T12:00:00.000Z');

export function testContext(
  overrides: Partial<Pick<CliContext, 'env' | 'cwd' | 'loadServer' | 'readStdin'>> = {},
): TestContext {
  const output = { stdout: '', stderr: '' };
  const exits: number[] = [];
  const v8Flags: string[] = [];
  const context: TestContext = {
    stdout: (text) => {
      output.stdout += text;
    },
    stderr: (text) => {
      output.stderr += text;
    },
    env: overrides.env ?? {},
    cwd: overrides.cwd ?? process.cwd(),
    now: () => fixedNow,
    signals: new EventEmitter(),
    exit: (code) => {
      exits.push(code);
    },
    loadServer: overrides.loadServer ?? (() => Promise.reject(new Error('no server in this test'))),
    readStdin: overrides.readStdin ?? (async () => ''),
    setV8Flags: (flags) => {
      v8Flags.push(flags);
    },
    output,
    exits,
    v8Flags,
    async run(...argv) {
      output.stdout = '';
      output.stderr = '';
      const code = await runCli(argv, context);
      return { code, stdout: output.stdout, stderr: output.stderr };
    },
  };
  return context;
}

export type FakeServer = ServerModule & {
  calls: Array<Parameters<ServerModule['startGateway']>[0]>;
  closed: number;
};

/** A stand-in for src/server/start-gateway.ts that records what it was asked to start. */
export function fakeServer(options: { fail?: Error; closeFails?: boolean } = {}): FakeServer {
  const server: FakeServer = {
    calls: [],
    closed: 0,
    async startGateway(startOptions) {
      server.calls.push(startOptions);
      if (options.fail !== undefined) throw options.fail;
      const url = `http://${startOptions.config.server.host}:${startOptions.config.server.port}`;
      startOptions.log?.(`Switchyard listening on ${url}`);
      return {
        url,
        close: async () => {
          server.closed += 1;
          if (options.closeFails) throw new Error('drain failed');
        },
      };
    },
  };
  return server;
}
