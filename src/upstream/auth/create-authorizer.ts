// Which authorizer a deployment needs, by provider type and settings. Deployments authorised by a
// plain key header (openai, anthropic, gemini, mistral, azure-openai with api keys) need none.

import { awsRegion } from '../../config/aws-region.js';
import type { ProviderSettings } from '../../providers/provider.js';
import type { Authorizer } from './authorizer.js';
import { AwsSigV4Authorizer } from './aws-sigv4.js';
import { EntraAuthorizer } from './entra.js';
import { GoogleAuthorizer } from './google.js';

export function createAuthorizer(settings: ProviderSettings): Authorizer | undefined {
  switch (settings.type) {
    case 'openai':
    case 'anthropic':
    case 'openai-compatible':
    case 'gemini':
    case 'mistral':
      return undefined;
    case 'azure-openai':
      // Entra ID client-credentials tokens; without `entra`, the adapter's api-key header suffices.
      return settings.entra === undefined
        ? undefined
        : new EntraAuthorizer(settings.entra, { name: settings.name });
    case 'vertex':
    case 'vertex-anthropic':
      // Google OAuth tokens (service account, else ADC); Google API keys alone need none.
      return settings.apiKeys.length > 0 && settings.serviceAccount === undefined
        ? undefined
        : new GoogleAuthorizer(settings);
    case 'bedrock':
    case 'bedrock-anthropic':
      // A Bedrock API key travels as a bearer token (set by the adapter): no signature then.
      return settings.apiKeys.length > 0
        ? undefined
        : new AwsSigV4Authorizer(settings, { region: awsRegion(settings.region) ?? '' });
  }
}
