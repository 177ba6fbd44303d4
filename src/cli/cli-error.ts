// A failure the CLI reports as one line on stderr with exit code 1. Commands throw it; only
// run-cli.ts prints it.

export class CliError extends Error {
  readonly exitCode: number;
  /** True when the command already printed what went wrong (e.g. a config check's problems). */
  readonly reported: boolean;

  constructor(message: string, options: { exitCode?: number; reported?: boolean } = {}) {
    super(message);
    this.name = 'CliError';
    this.exitCode = options.exitCode ?? 1;
    this.reported = options.reported ?? false;
  }
}
