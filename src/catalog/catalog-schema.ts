// The shape of one model catalog entry, as zod schemas: the shipped data (models/*.ts) and the
// config's `catalog:` overrides are validated by the same schema. Nothing here reads files or
// knows which models exist; merging and lookup live in model-catalog.ts.

import { z } from 'zod';
import type { ProviderType } from '../providers/provider.js';

/** Provider types a catalog entry can name upstream ids for (same list as the config's). */
export const catalogProviderTypes = [
  'openai',
  'anthropic',
  'openai-compatible',
  'azure-openai',
  'gemini',
  'vertex',
  'vertex-anthropic',
  'bedrock',
  'bedrock-anthropic',
  'mistral',
] as const satisfies readonly ProviderType[];

/** Catalog ids are safe in HTTP headers, logs and table cells: no spaces, no commas. */
export const catalogIdPattern = /^[A-Za-z0-9][A-Za-z0-9._:@/-]*$/;

const catalogId = z.string().regex(catalogIdPattern, {
  error: () => 'a model id uses letters, digits and . _ : @ / - (no spaces or commas)',
});

/** USD per million tokens: a finite, non-negative number. Absent means unknown, never free. */
const usdPerMillion = z.number().min(0).max(100_000);

const tokenCount = z.int().min(1);

const tierPriceFields = {
  input: usdPerMillion.optional().describe('Input tokens that are neither cache reads nor cache writes.'),
  output: usdPerMillion.optional().describe('Output tokens (reasoning included unless `reasoning` is set).'),
  cachedInput: usdPerMillion.optional().describe('Input tokens read from the prompt cache.'),
  cacheWrite5m: usdPerMillion.optional().describe('Input tokens written to a 5-minute prompt cache.'),
  cacheWrite1h: usdPerMillion.optional().describe('Input tokens written to a 1-hour prompt cache.'),
  reasoning: usdPerMillion
    .optional()
    .describe('Reasoning tokens, when a provider prices them apart from output (none does today).'),
  audioInput: usdPerMillion
    .optional()
    .describe(
      'Audio input tokens (OpenAI audio models, Gemini); left out, audio input is unknown, not text.',
    ),
  cachedAudioInput: usdPerMillion
    .optional()
    .describe(
      'Audio input tokens read from the prompt cache (Gemini); left out, they are unknown, not text.',
    ),
  audioOutput: usdPerMillion
    .optional()
    .describe('Audio output tokens (OpenAI audio models); left out, audio output is unknown, not text.'),
};

export const longContextSchema = z
  .strictObject({
    threshold: tokenCount.describe(
      'Prompts with more input tokens than this (cache included) use these prices.',
    ),
    ...tierPriceFields,
  })
  .describe('A higher price tier for long prompts (Gemini 2.5 Pro, Claude Sonnet 4 with 1M context).');

export const pricesSchema = z
  .strictObject({
    ...tierPriceFields,
    webSearchPerThousand: z
      .number()
      .min(0)
      .max(100_000)
      .optional()
      .describe('USD per 1,000 web searches the provider runs (Anthropic: 10), on top of tokens.'),
    longContext: longContextSchema.optional(),
  })
  .describe(
    'USD per million tokens (web searches: per 1,000). A price left out is unknown: costs that need it are flagged.',
  );

export const capabilitiesSchema = z.strictObject({
  tools: z.boolean().optional().describe('Function / tool calling.'),
  parallelTools: z.boolean().optional().describe('Several tool calls in one turn.'),
  vision: z.boolean().optional().describe('Image input.'),
  jsonSchema: z.boolean().optional().describe('Structured output constrained by a JSON schema.'),
  reasoning: z.boolean().optional().describe('Hidden reasoning / extended thinking.'),
  caching: z.boolean().optional().describe('Prompt caching (automatic or explicit).'),
});

/** A parameter range a model accepts in some mode; a value outside it is removed. */
const allowedRange = z.strictObject({ min: z.number(), max: z.number() });

export const rewritesSchema = z
  .strictObject({
    rename: z
      .record(z.string().min(1), z.string().min(1))
      .optional()
      .describe(
        'Wire parameter -> the name this model takes instead (e.g. max_tokens -> max_completion_tokens).',
      ),
    drop: z.array(z.string().min(1)).optional().describe('Wire parameters this model rejects: removed.'),
    whenThinking: z
      .record(z.string().min(1), z.union([z.literal('drop'), allowedRange]))
      .optional()
      .describe('With extended thinking on: parameters removed, or kept only inside a range.'),
  })
  .describe(
    'Parameters the model rejects, rewritten or dropped (each change is reported in x-switchyard-warning).',
  );

export const providerNamesSchema = z
  .partialRecord(z.enum(catalogProviderTypes), z.array(z.string().min(1)).min(1))
  .describe('Provider type -> the upstream model ids that name this model there.');

const entryFields = {
  vendor: z.string().min(1).optional().describe('Who makes the model (openai, anthropic, google, ...).'),
  aliases: z.array(catalogId).optional().describe('Other names for the model, matched like the id.'),
  providers: providerNamesSchema,
  kind: z.enum(['chat', 'embeddings']).optional().describe('chat (the default) or embeddings.'),
  contextWindow: tokenCount.optional().describe('Input plus output tokens the model can attend to.'),
  maxOutputTokens: tokenCount.optional().describe('The largest max_tokens the model accepts.'),
  capabilities: capabilitiesSchema.optional(),
  rewrites: rewritesSchema.optional(),
  prices: pricesSchema.optional(),
  source: z.url().optional().describe('Where the figures come from (the provider page).'),
};

/** One model, as shipped or as it stands after config overrides. */
export const catalogEntrySchema = z.strictObject({
  id: catalogId,
  ...entryFields,
});

/** A config override: any field of an entry; a new id must name its providers. */
export const entryPatchSchema = z.strictObject({
  ...entryFields,
  providers: providerNamesSchema.optional(),
  capabilities: capabilitiesSchema.optional(),
  prices: pricesSchema.optional(),
});

export type CatalogEntry = z.output<typeof catalogEntrySchema>;
export type EntryPatch = z.output<typeof entryPatchSchema>;
export type Prices = z.output<typeof pricesSchema>;
export type TierPrices = Omit<Prices, 'longContext'>;
export type Capabilities = z.output<typeof capabilitiesSchema>;
export type Rewrites = z.output<typeof rewritesSchema>;
export type CatalogProviderType = (typeof catalogProviderTypes)[number];
export type ModelKind = NonNullable<CatalogEntry['kind']>;
