// TEMPORARY (issue 3, this session): a placeholder for adapters being built in parallel.
// Every entry is replaced by its real adapter before the session ends; this file is then deleted.

import { GatewayError } from '../errors.js';
import type { Provider, ProviderType } from './provider.js';

export function pendingProvider(type: ProviderType): Provider {
  const fail = (): never => {
    throw new GatewayError('invalid_request', `The ${type} adapter is not built yet.`);
  };
  return {
    type,
    chatRequest: fail,
    chatResponse: fail,
    streamDecoder: fail,
    error: fail,
  };
}
