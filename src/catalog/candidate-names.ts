// The names to try, in order, when looking an upstream model id up in the catalog: the id itself,
// then without a Bedrock cross-region prefix, then without a dated snapshot or version suffix.
// So `gpt-4o-2024-08-06` finds gpt-4o unless that snapshot has an entry of its own. Pure.

/**
 * Bedrock cross-region inference profiles put a geography before the model id
 * (`us.anthropic.claude-sonnet-4-20250514-v1:0`, `global.`, `eu.`, `apac.`, `us-gov.`, ...).
 * @see https://docs.aws.amazon.com/bedrock/latest/userguide/inference-profiles-support.html
 */
const regionPrefix = /^[a-z]{2,6}(?:-[a-z]+)?\.(?=[a-z0-9-]+\.)/;

/** Snapshot and version suffixes, tried in order; only one is stripped. */
const snapshotSuffixes: readonly RegExp[] = [
  // OpenAI: gpt-4o-2024-08-06
  /-\d{4}-\d{2}-\d{2}$/,
  // Anthropic: claude-3-5-haiku-20241022
  /-\d{8}$/,
  // Vertex AI publisher models: claude-sonnet-4@20250514
  /@\d{8}$/,
  // Gemini previews and stable revisions: gemini-2.5-flash-preview-05-20, gemini-2.0-flash-001
  /-preview(?:-\d{2}-\d{2,4})?$/,
  /-\d{3}$/,
  // Mistral: mistral-large-2411 (year and month)
  /-\d{4}$/,
  // Floating names: claude-3-7-sonnet-latest, mistral-small-latest
  /-latest$/,
];

export function candidateNames(model: string): string[] {
  const names = [model];
  const unprefixed = model.replace(regionPrefix, '');
  if (unprefixed !== model) names.push(unprefixed);
  for (const name of [...names]) {
    for (const suffix of snapshotSuffixes) {
      const stripped = name.replace(suffix, '');
      if (stripped !== name && stripped !== '') {
        names.push(stripped);
        break;
      }
    }
  }
  return names;
}
