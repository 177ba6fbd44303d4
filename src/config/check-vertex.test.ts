// The vertex and vertex-anthropic rules of check-config.ts, through parseConfig as a user meets them.

import { describe, expect, it } from 'vitest';
import { ConfigError } from './config-error.js';
import { parseConfig } from './parse-config.js';

function problemsOf(text: string, env: Record<string, string> = {}): string {
  try {
    parseConfig(text, 'switchyard.yaml', env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).message;
  }
  return '';
}

const key = JSON.stringify({
  type: 'service_account',
  client_email: 'sa@acme.iam.gserviceaccount.com',
  private_key: '-----BEGIN PRIVATE KEY-----\nMIIsecret\n-----END PRIVATE KEY-----\n',
});

describe('vertex config rules', () => {
  it('accepts a project with a service-account key from the environment, and ADC without one', () => {
    const config = parseConfig(
      `
providers:
  vertex: { type: vertex, project: acme-prod, location: europe-west4, serviceAccount: "\${GOOGLE_SA_JSON}" }
  claude: { type: vertex-anthropic, project: acme-prod, location: us-east5 }
`,
      'switchyard.yaml',
      { GOOGLE_SA_JSON: key },
    );
    expect(config.providers.vertex).toMatchObject({
      project: 'acme-prod',
      location: 'europe-west4',
      serviceAccount: key,
    });
    expect(config.providers.claude?.serviceAccount).toBeUndefined();
  });

  it('requires a project', () => {
    expect(problemsOf('providers:\n  vertex: { type: vertex }\n')).toMatch(
      /project is required for type vertex/,
    );
    expect(problemsOf('providers:\n  claude: { type: vertex-anthropic }\n')).toMatch(
      /project is required for type vertex-anthropic/,
    );
  });

  it('rejects a serviceAccount that is not a key, without echoing it', () => {
    const message = problemsOf(
      'providers:\n  vertex: { type: vertex, project: p, serviceAccount: "${SA}" }\n',
      {
        SA: '{"type": "authorized_user", "refresh_token": "1//secret-token"}',
      },
    );
    expect(message).toMatch(/serviceAccount.*service-account key/);
    expect(message).not.toContain('secret-token');
  });

  it('takes a service account or API keys, not both', () => {
    expect(
      problemsOf('providers:\n  vertex: { type: vertex, project: p, apiKey: k, serviceAccount: "${SA}" }\n', {
        SA: key,
      }),
    ).toMatch(/use serviceAccount or apiKey\(s\), not both/);
  });

  it('keeps project, location and serviceAccount to the vertex types', () => {
    expect(problemsOf('providers:\n  gemini: { type: gemini, apiKey: k, project: p }\n')).toMatch(
      /project.*only applies to providers of type vertex and vertex-anthropic/,
    );
  });
});
