// The 404 for a model the gateway does not serve, listing what it does serve (aliases and patterns).

import { servedNames } from '../config/resolve-model.js';
import type { GatewayConfig } from '../config/config-schema.js';
import { GatewayError } from '../errors.js';

export function modelNotFound(
  config: GatewayConfig,
  requested: string,
  kind: 'chat' | 'embeddings',
): GatewayError {
  const served = servedNames(config, kind);
  const list = served.length > 0 ? served.join(', ') : 'none (configure providers or set a provider API key)';
  return new GatewayError(
    'model_not_found',
    `The ${kind === 'chat' ? '' : 'embeddings '}model "${requested}" is not served here. Served: ${list}.`,
    { param: 'model' },
  );
}
