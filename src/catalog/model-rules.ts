// What the gateway must check or change in a request for one target model, compiled once from
// its catalog entry when the config is loaded, so a request for a model with no rules pays
// nothing. Applied by apply-model-rules.ts. Pure.

import type { CatalogEntry } from './catalog-schema.js';

export type ThinkingRule = 'drop' | { min: number; max: number };

export interface ModelRules {
  /** The catalog id, named in warnings and errors (catalog ids are header-safe). */
  readonly id: string;
  /** Requests asking for more output than this are refused before they are sent. */
  readonly maxOutputTokens: number | undefined;
  readonly rename: ReadonlyArray<readonly [from: string, to: string]>;
  readonly drop: readonly string[];
  /** With extended thinking on: parameter -> removed, or kept only inside a range. */
  readonly whenThinking: ReadonlyArray<readonly [parameter: string, rule: ThinkingRule]>;
  /** Nothing to rename, drop or police under thinking: only the output limit is checked. */
  readonly limitOnly: boolean;
}

const compiled = new WeakMap<CatalogEntry, ModelRules | null>();

/** The rules for an entry, or undefined when it has nothing to check or change. Memoised per entry. */
export function rulesFor(entry: CatalogEntry | undefined): ModelRules | undefined {
  if (entry === undefined) return undefined;
  let rules = compiled.get(entry);
  if (rules === undefined) {
    rules = compile(entry) ?? null;
    compiled.set(entry, rules);
  }
  return rules ?? undefined;
}

function compile(entry: CatalogEntry): ModelRules | undefined {
  const rewrites = entry.rewrites ?? {};
  const rename = Object.entries(rewrites.rename ?? {});
  const drop = rewrites.drop ?? [];
  const whenThinking = Object.entries(rewrites.whenThinking ?? {});
  const limitOnly = rename.length === 0 && drop.length === 0 && whenThinking.length === 0;
  if (limitOnly && entry.maxOutputTokens === undefined) return undefined;
  return { id: entry.id, maxOutputTokens: entry.maxOutputTokens, rename, drop, whenThinking, limitOnly };
}
