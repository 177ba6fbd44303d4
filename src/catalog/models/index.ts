// The catalog shipped with this version of Switchyard: every family's entries and the date the
// figures were last checked. Bump catalogVersion whenever a price or limit changes.

import type { CatalogEntry } from '../catalog-schema.js';
import { anthropicModels } from './anthropic.js';
import { bedrockHostedModels } from './bedrock-hosted.js';
import { googleModels } from './google.js';
import { mistralModels } from './mistral.js';
import { openaiModels } from './openai.js';

/**
 * When the shipped figures were last checked against the providers' pages (YYYY-MM-DD), with a
 * revision (`.2`, `.3`, ...) when they change again the same day, so records priced before and
 * after the change tell apart.
 */
export const catalogVersion = '2026-11-27.2';

export const shippedModels: readonly CatalogEntry[] = [
  ...openaiModels,
  ...anthropicModels,
  ...googleModels,
  ...mistralModels,
  ...bedrockHostedModels,
];
