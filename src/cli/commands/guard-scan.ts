// `switchyard guard scan [file]`: runs the guardrail detectors over texts, one JSON object per
// line ({"text": "...", "mode": "user" | "document"}) from a file or standard input, and prints a
// verdict per line: the injection score (prompt or document mode) and whether it trips, and the
// PII and secrets found, with their offsets. Teams use it to see what a policy would catch before
// turning it on. Starts nothing and reads no config.

import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import type { CliContext } from '../cli-context.js';
import { CliError } from '../cli-error.js';

interface ScanOptions {
  json?: boolean;
}

interface ScanInput {
  text: string;
  mode: 'user' | 'document';
}

export function registerGuardScan(group: Command, context: CliContext): void {
  group
    .command('scan')
    .description('Scan texts (JSON lines: {"text", "mode"}) for PII and secrets; one verdict per line.')
    .argument('[file]', 'a JSON-lines file (default: standard input)')
    .option('--json', 'print one JSON verdict per line')
    .addHelpText(
      'after',
      `
Examples:
  $ echo '{"text": "mail me at jane@example.com"}' | switchyard guard scan
  $ switchyard guard scan prompts.jsonl --json | jq 'select(.entities | length > 0)'`,
    )
    .action((file: string | undefined, options: ScanOptions) => scan(file, options, context));
}

async function scan(file: string | undefined, options: ScanOptions, context: CliContext): Promise<void> {
  let input: string;
  try {
    input = file === undefined ? await context.readStdin() : await readFile(file, 'utf8');
  } catch (error) {
    throw new CliError(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  // Loaded on use: the phone numbering plans and the classifier's weights are large.
  const [{ scanPii }, { detectInjection }] = await Promise.all([
    import('../../guard/pii/scan-pii.js'),
    import('../../guard/injection/detect-injection.js'),
  ]);
  const lines = input.split('\n');
  for (const [index, line] of lines.entries()) {
    if (line.trim() === '') continue;
    const { text, mode } = parseLine(line, index + 1);
    const entities = scanPii(text).map((entity) => ({
      type: entity.type,
      ...(entity.kind === undefined ? {} : { kind: entity.kind }),
      start: entity.start,
      end: entity.end,
      confidence: Number(entity.confidence.toFixed(2)),
    }));
    const verdict = detectInjection(text, mode === 'document' ? 'document' : 'prompt');
    const injection = {
      score: Number(verdict.score.toFixed(3)),
      tripped: verdict.tripped,
      rules: verdict.rules,
    };
    if (options.json) {
      context.stdout(`${JSON.stringify({ line: index + 1, mode, injection, entities })}\n`);
      continue;
    }
    const parts: string[] = [];
    if (injection.tripped) {
      parts.push(`injection ${injection.score} (${injection.rules.join(', ') || 'classifier'})`);
    }
    for (const entity of entities) {
      parts.push(`${entity.kind ?? entity.type} at ${entity.start}–${entity.end} (${entity.confidence})`);
    }
    context.stdout(`line ${index + 1}: ${parts.length === 0 ? 'nothing found' : parts.join(', ')}\n`);
  }
}

function parseLine(line: string, number: number): ScanInput {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    throw new CliError(`line ${number} is not JSON: expected {"text": "...", "mode": "user" | "document"}`);
  }
  const { text, mode } = (typeof value === 'object' && value !== null ? value : {}) as Record<
    string,
    unknown
  >;
  if (typeof text !== 'string') throw new CliError(`line ${number} has no "text" string`);
  if (mode !== undefined && mode !== 'user' && mode !== 'document') {
    throw new CliError(`line ${number}: "mode" must be "user" or "document"`);
  }
  return { text, mode: mode ?? 'user' };
}
