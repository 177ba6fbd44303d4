// Which authorizer a deployment needs, by provider type and settings. Deployments authorised by a
// plain key header (openai, anthropic, gemini, mistral, azure-openai with api keys) need none.

import type { ProviderSettings } from '../../providers/provider.js';
import type { Authorizer } from './authorizer.js';

export function createAuthorizer(settings: ProviderSettings): Authorizer | undefined {
  switch (settings.type) {
    case 'openai':
    case 'anthropic':
    case 'openai-compatible':
    case 'gemini':
    case 'mistral':
      return undefined;
    case 'azure-openai':
      // TODO(issue 3): Entra ID client-credentials tokens when settings.entra is set.
      return undefined;
    case 'vertex':
    case 'vertex-anthropic':
      // TODO(issue 3): Google service-account / ADC bearer tokens.
      return undefined;
    case 'bedrock':
    case 'bedrock-anthropic':
      // TODO(issue 3): AWS SigV4 over the AWS credential chain.
      return undefined;
  }
}
