// `switchyard guard scan [file]`: runs the guardrail detectors over texts, one JSON object per
// line ({"text": "...", "mode": "user" | "document"}) from a file or standard input, and prints a
// verdict per line: the injection score (prompt or document mode) and whether it trips, and the
// PII and secrets found, with their offsets. Teams use it to see what a policy would catch before
// turning it on. Locally it starts nothing and reads no config (the default policy); with --route
// it sends the texts to a running gateway (POST /admin/guard/scan), which applies that route's
// input checks from its live config.

import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { addGatewayOptions, adminClient } from '../admin-options.js';
import type { CliContext } from '../cli-context.js';
import { CliError } from '../cli-error.js';
import { scanLines, type ScanLine } from '../scan-lines.js';
import { reportVerdict, type ReportedVerdict } from '../scan-report.js';
import type { ScanVerdictView } from '../scan-verdict-schema.js';

interface ScanOptions {
  json?: boolean;
  route?: string;
  url?: string;
  adminToken?: string;
}

/** What one admin API call carries at most: its limit on texts, and text well within a body limit. */
const batchTexts = 100;
const batchCharacters = 4 * 1024 * 1024;

export function registerGuardScan(group: Command, context: CliContext): void {
  addGatewayOptions(
    group
      .command('scan')
      .description(
        'Scan texts (JSON lines: {"text", "mode"}) for injection, PII and secrets; one verdict per line.',
      )
      .argument('[file]', 'a JSON-lines file (default: standard input)')
      .option('--json', 'print one JSON verdict per line')
      .option(
        '--route <alias>',
        "apply this route's input checks, on the running gateway (default: the default policy, locally)",
      ),
  )
    .addHelpText(
      'after',
      `
Examples:
  $ echo '{"text": "mail me at jane@example.com"}' | switchyard guard scan
  $ switchyard guard scan prompts.jsonl --json | jq 'select(.entities | length > 0)'
  $ switchyard guard scan prompts.jsonl --route support-bot --url http://127.0.0.1:8787`,
    )
    .action((file: string | undefined, options: ScanOptions) => scan(file, options, context));
}

async function scan(file: string | undefined, options: ScanOptions, context: CliContext): Promise<void> {
  if (options.route === undefined && (options.url !== undefined || options.adminToken !== undefined)) {
    throw new CliError(
      '--url and --admin-token go with --route: without it the scan runs here, on the default policy',
    );
  }
  if (options.route?.trim() === '') throw new CliError('--route cannot be empty');
  let input: string;
  try {
    input = file === undefined ? await context.readStdin() : await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? String(error);
    throw new CliError(`cannot read ${file ?? 'standard input'}: ${code}`);
  }
  const print = (line: number, verdict: ReportedVerdict): void => {
    context.stdout(`${options.json ? JSON.stringify({ line, ...verdict }) : reportVerdict(line, verdict)}\n`);
  };
  if (options.route !== undefined) return scanOnGateway(input, options.route, options, context, print);
  // Loaded on use: the phone numbering plans and the classifier's weights are large.
  const { scanVerdict } = await import('../../guard/scan-verdict.js');
  for (const { line, text, mode } of scanLines(input)) print(line, scanVerdict(text, mode));
}

async function scanOnGateway(
  input: string,
  route: string,
  options: ScanOptions,
  context: CliContext,
  print: (line: number, verdict: ReportedVerdict) => void,
): Promise<void> {
  const client = await adminClient(options, context);
  let noted = false;
  for (const batch of batches(scanLines(input))) {
    const verdicts = await client.scanTexts({
      route,
      texts: batch.map(({ text, mode }) => ({ text, mode })),
    });
    if (!noted) {
      noted = true;
      noteChecks(route, verdicts[0], context);
    }
    for (const [index, verdict] of verdicts.entries()) print(batch[index]!.line, verdict);
  }
}

/** Lines in groups the admin API takes in one call. */
function* batches(lines: Iterable<ScanLine>): Generator<ScanLine[]> {
  let batch: ScanLine[] = [];
  let characters = 0;
  for (const line of lines) {
    if (
      batch.length === batchTexts ||
      (batch.length > 0 && characters + line.text.length > batchCharacters)
    ) {
      yield batch;
      batch = [];
      characters = 0;
    }
    batch.push(line);
    characters += line.text.length;
  }
  if (batch.length > 0) yield batch;
}

/** Says once, on standard error, what the verdicts cannot show: checks not run, or none at all. */
function noteChecks(route: string, verdict: ScanVerdictView | undefined, context: CliContext): void {
  if (verdict === undefined) return;
  if (verdict.checks.length === 0) {
    context.stderr(`note: the route "${route}" has no input checks\n`);
    return;
  }
  const skipped = verdict.checks.filter((check) => check.skipped !== undefined).map((check) => check.check);
  if (skipped.length > 0) {
    context.stderr(`note: not called by a scan (they run on requests only): ${skipped.join(', ')}\n`);
  }
}
