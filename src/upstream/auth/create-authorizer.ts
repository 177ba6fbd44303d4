// Which authorizer a deployment needs, by provider type and settings. Deployments authorised by a
// plain key header (openai, anthropic, gemini, mistral, azure-openai with api keys) need none.

import { awsRegion } from '../../config/aws-region.js';
import type { Dispatcher } from 'undici';
import type { ProviderSettings } from '../../providers/provider.js';
import type { Authorizer } from './authorizer.js';
import { EntraAuthorizer } from './entra.js';
import { GoogleAuthorizer } from './google.js';

export interface AuthorizerContext {
  /** The gateway's outbound pool for a token URL, so token calls honour proxies and the CA bundle. */
  dispatcherFor?: (url: string) => Dispatcher;
}

export function createAuthorizer(
  settings: ProviderSettings,
  context: AuthorizerContext = {},
): Authorizer | undefined {
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
        : new EntraAuthorizer(settings.entra, { name: settings.name, ...context });
    case 'vertex':
    case 'vertex-anthropic':
      // Google OAuth tokens (service account, else ADC); Google API keys alone need none.
      return settings.apiKeys.length > 0 && settings.serviceAccount === undefined
        ? undefined
        : new GoogleAuthorizer(settings, context);
    case 'bedrock':
    case 'bedrock-anthropic':
      // A Bedrock API key travels as a bearer token (set by the adapter): no signature then.
      return settings.apiKeys.length > 0
        ? undefined
        : lazyAuthorizer(async () => {
            // The AWS credential chain weighs about 0.2 s of start-up: load it only when a
            // Bedrock deployment first signs a request.
            const { AwsSigV4Authorizer } = await import('./aws-sigv4.js');
            return new AwsSigV4Authorizer(settings, { region: awsRegion(settings.region) ?? '' });
          });
  }
}

/** An authorizer whose implementation is loaded on first use; one load however many callers. */
export function lazyAuthorizer(load: () => Promise<Authorizer>): Authorizer {
  let loading: Promise<Authorizer> | undefined;
  const loaded = (): Promise<Authorizer> => (loading ??= load());
  return {
    async authorize(request, signal) {
      return (await loaded()).authorize(request, signal);
    },
    rejected() {
      // Only a loaded authorizer can have been rejected; before that there is nothing cached.
      if (loading !== undefined) void loading.then((authorizer) => authorizer.rejected?.());
    },
  };
}
