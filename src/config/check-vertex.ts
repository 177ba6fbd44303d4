// Config rules for Google Cloud deployments (vertex, vertex-anthropic): a project is required, the
// service-account key must look like one (and excludes API keys), and project/location/
// serviceAccount belong to them alone.
// Messages name the problem, never the key's content.

import type { PathSegment } from './key-path.js';
import type { CheckProblem } from './raw-entries.js';

const vertexTypes = new Set(['vertex', 'vertex-anthropic']);

export function checkVertex(
  path: PathSegment[],
  provider: Record<string, unknown>,
  problems: CheckProblem[],
): void {
  if (!vertexTypes.has(String(provider.type))) {
    for (const key of ['project', 'location', 'serviceAccount']) {
      if (provider[key] !== undefined)
        problems.push({
          path: [...path, key],
          message: 'only applies to providers of type vertex and vertex-anthropic',
        });
    }
    return;
  }
  if (provider.project === undefined) {
    problems.push({
      path,
      message: `project is required for type ${String(provider.type)} (the Google Cloud project id)`,
    });
  }
  if (
    provider.serviceAccount !== undefined &&
    (provider.apiKey !== undefined || provider.apiKeys !== undefined)
  ) {
    problems.push({
      path: [...path, 'serviceAccount'],
      message: 'use serviceAccount or apiKey(s), not both',
    });
  }
  if (typeof provider.serviceAccount === 'string' && !isServiceAccountKey(provider.serviceAccount)) {
    problems.push({
      path: [...path, 'serviceAccount'],
      message:
        'must be a service-account key as JSON text (type "service_account" with client_email and private_key)',
    });
  }
}

/** @see https://cloud.google.com/iam/docs/keys-create-delete#creating */
function isServiceAccountKey(text: string): boolean {
  try {
    const key: unknown = JSON.parse(text);
    if (typeof key !== 'object' || key === null) return false;
    const fields = key as Record<string, unknown>;
    return (
      fields.type === 'service_account' &&
      typeof fields.client_email === 'string' &&
      typeof fields.private_key === 'string' &&
      fields.private_key.includes('PRIVATE KEY')
    );
  } catch {
    return false;
  }
}
