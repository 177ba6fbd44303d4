import { describe, expect, it } from 'vitest';
import { ConfigError } from './config-error.js';
import { awsRegion, bedrockRuntimeUrl } from './aws-region.js';
import { parseConfig } from './parse-config.js';

describe('awsRegion', () => {
  it('prefers the configured region, then AWS_REGION, then AWS_DEFAULT_REGION', () => {
    const env = { AWS_REGION: 'eu-west-1', AWS_DEFAULT_REGION: 'ap-south-1' };
    expect(awsRegion('us-east-2', env)).toBe('us-east-2');
    expect(awsRegion(undefined, env)).toBe('eu-west-1');
    expect(awsRegion(' ', { AWS_DEFAULT_REGION: 'ap-south-1' })).toBe('ap-south-1');
    expect(awsRegion(undefined, {})).toBeUndefined();
    expect(bedrockRuntimeUrl('eu-west-1')).toBe('https://bedrock-runtime.eu-west-1.amazonaws.com');
  });
});

describe('bedrock provider config', () => {
  const saved = { region: process.env.AWS_REGION, fallback: process.env.AWS_DEFAULT_REGION };
  const withoutRegionEnv = (action: () => void) => {
    delete process.env.AWS_REGION;
    delete process.env.AWS_DEFAULT_REGION;
    try {
      action();
    } finally {
      if (saved.region !== undefined) process.env.AWS_REGION = saved.region;
      if (saved.fallback !== undefined) process.env.AWS_DEFAULT_REGION = saved.fallback;
    }
  };

  it('derives the runtime endpoint from the region', () => {
    withoutRegionEnv(() => {
      const config = parseConfig(
        'providers:\n  aws:\n    type: bedrock\n    region: eu-central-1\n',
        'test.yaml',
        {},
      );
      expect(config.providers.aws?.baseUrl).toBe('https://bedrock-runtime.eu-central-1.amazonaws.com');
    });
  });

  it('reports a missing region clearly when the environment has none either', () => {
    withoutRegionEnv(() => {
      let caught: unknown;
      try {
        parseConfig('providers:\n  aws:\n    type: bedrock-anthropic\n', 'test.yaml', {});
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(ConfigError);
      expect(String((caught as Error).message)).toMatch(/region is required for type bedrock-anthropic/);
    });
  });
});
