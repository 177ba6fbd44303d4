// The config's `catalog:` section: add models or override fields and prices of shipped ones,
// validated with the entry schema, and the merge of those overrides over the shipped entries.
// Pure: reads no files; the config schema embeds catalogOverridesSchema.

import { z } from 'zod';
import { catalogIdPattern, entryPatchSchema, type CatalogEntry, type EntryPatch } from './catalog-schema.js';
import { shippedModels } from './models/index.js';

const shippedById = new Map(shippedModels.map((entry) => [entry.id, entry]));

export const catalogOverridesSchema = z
  .strictObject({
    models: z
      .record(
        z.string().regex(catalogIdPattern, {
          error: () => 'a model id uses letters, digits and . _ : @ / - (no spaces or commas)',
        }),
        entryPatchSchema,
      )
      .default({})
      .describe(
        'Catalog id -> fields to add or override. An id the shipped catalog lacks adds a model (it needs `providers`).',
      ),
  })
  .superRefine((section, context) => {
    for (const [id, patch] of Object.entries(section.models)) {
      // zod runs this even when a field failed; those are reported already, and cannot be merged.
      if (!catalogIdPattern.test(id) || !entryPatchSchema.safeParse(patch).success) continue;
      for (const problem of overrideProblems(id, patch)) {
        context.addIssue({ code: 'custom', path: ['models', id, ...problem.path], message: problem.message });
      }
    }
  })
  .describe('Additions and corrections to the shipped model catalog (see docs/catalog.md).');

export type CatalogOverrides = z.output<typeof catalogOverridesSchema>;

interface OverrideProblem {
  path: string[];
  message: string;
}

function overrideProblems(id: string, patch: EntryPatch): OverrideProblem[] {
  const shipped = shippedById.get(id);
  if (shipped === undefined && (patch.providers === undefined || Object.keys(patch.providers).length === 0)) {
    return [
      {
        path: ['providers'],
        message: `"${id}" is not in the shipped catalog, so it needs providers (e.g. providers: { openai-compatible: [${id}] })`,
      },
    ];
  }
  const merged = mergeEntry(shipped, id, patch);
  const problems: OverrideProblem[] = [];
  if (
    merged.maxOutputTokens !== undefined &&
    merged.contextWindow !== undefined &&
    merged.maxOutputTokens > merged.contextWindow
  ) {
    problems.push({
      path: ['maxOutputTokens'],
      message: `must not exceed contextWindow (${merged.contextWindow})`,
    });
  }
  const threshold = merged.prices?.longContext?.threshold;
  if (threshold !== undefined && merged.contextWindow !== undefined && threshold >= merged.contextWindow) {
    problems.push({
      path: ['prices', 'longContext', 'threshold'],
      message: `must be below contextWindow (${merged.contextWindow}), or the tier never applies`,
    });
  }
  return problems;
}

/**
 * One entry with a patch applied: top-level fields replace, and the maps inside (providers,
 * capabilities, prices, rewrites) merge key by key so a patch can change one price alone.
 */
export function mergeEntry(shipped: CatalogEntry | undefined, id: string, patch: EntryPatch): CatalogEntry {
  const base: CatalogEntry = shipped ?? { id, providers: {} };
  const merged: CatalogEntry = { ...base, ...definedFields(patch), id };
  if (patch.providers !== undefined) merged.providers = { ...base.providers, ...patch.providers };
  if (patch.capabilities !== undefined) merged.capabilities = { ...base.capabilities, ...patch.capabilities };
  if (patch.prices !== undefined) merged.prices = { ...base.prices, ...patch.prices };
  if (patch.rewrites !== undefined) merged.rewrites = { ...base.rewrites, ...patch.rewrites };
  return merged;
}

/** The shipped entries with every override applied, in shipped order, then the added models. */
export function applyOverrides(
  shipped: readonly CatalogEntry[],
  overrides: CatalogOverrides | undefined,
): CatalogEntry[] {
  const patches = overrides?.models ?? {};
  const entries = shipped.map((entry) => {
    const patch = Object.hasOwn(patches, entry.id) ? patches[entry.id] : undefined;
    return patch === undefined ? entry : mergeEntry(entry, entry.id, patch);
  });
  const known = new Set(shipped.map((entry) => entry.id));
  for (const [id, patch] of Object.entries(patches)) {
    if (!known.has(id)) entries.push(mergeEntry(undefined, id, patch));
  }
  return entries;
}

function definedFields(patch: EntryPatch): Partial<CatalogEntry> {
  return Object.fromEntries(Object.entries(patch).filter(([, value]) => value !== undefined));
}
