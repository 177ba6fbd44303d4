#!/usr/bin/env node
// The `switchyard` executable (package.json bin -> dist/src/cli/main.js). Runs one command line
// against the real process; everything else is in build-program.ts.

import { runCli } from './build-program.js';
import { processContext } from './cli-context.js';

process.exitCode = await runCli(process.argv.slice(2), processContext());
