// The catalog shipped with this version of Switchyard: every family's entries and the date the
// figures were last checked. Bump catalogVersion whenever a price or limit changes.

import type { CatalogEntry } from '../catalog-schema.js';
import { anthropicModels } from './anthropic.js';
import { bedrockHostedModels } from './bedrock-hosted.js';
import { googleModels } from './google.js';
import { mistralModels } from './mistral.js';
import { openaiModels } from './openai.js';

/** When the shipped figures were last checked against the providers' pages (YYYY-MM-DD). */
export const catalogVersion = '2026-11-27';

export const shippedModels: readonly CatalogEntry[] = [
  ...openaiModels,
  ...anthropicModels,
  ...googleModels,
  ...mistralModels,
  ...bedrockHostedModels,
];
