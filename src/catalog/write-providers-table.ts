// Generates docs/providers.md from the provider registry and the model catalog. Run
// `npm run docs:providers` after adding an adapter or changing the catalog; a test fails while the
// committed file is stale. Writes only that one file. Formatted with the repository's prettier
// settings so `npm run format` leaves it as generated.

import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { providerFor, providerTypes } from '../providers/registry.js';
import { catalogVersion, shippedModels } from './models/index.js';
import { providersMarkdown } from './providers-table.js';

export const providersFile = fileURLToPath(new URL('../../docs/providers.md', import.meta.url));

/** The file's text exactly as it is committed. */
export async function providersTableText(): Promise<string> {
  const text = providersMarkdown({
    providerTypes,
    providerFor,
    entries: shippedModels,
    version: catalogVersion,
  });
  const prettier = await import('prettier');
  const options = await prettier.resolveConfig(providersFile);
  return prettier.format(text, { ...options, parser: 'markdown' });
}

export async function writeProvidersTable(file: string = providersFile): Promise<boolean> {
  const text = await providersTableText();
  let current: string | undefined;
  try {
    current = readFileSync(file, 'utf8');
  } catch {
    current = undefined;
  }
  if (current === text) return false;
  writeFileSync(file, text);
  return true;
}

if (process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const changed = await writeProvidersTable();
  process.stdout.write(
    `${changed ? 'wrote' : 'unchanged:'} ${path.relative(process.cwd(), providersFile)}\n`,
  );
}
