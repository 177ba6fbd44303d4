// The official SDK clients an application would use, pointed at a test gateway with its virtual
// key and with the SDKs' own retries off, so a test sees each answer the gateway gives.

import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';

export interface ClientTarget {
  url: string;
  key: string;
}

export function openaiClient(gateway: ClientTarget): OpenAI {
  return new OpenAI({ baseURL: `${gateway.url}/v1`, apiKey: gateway.key, maxRetries: 0 });
}

export function anthropicClient(gateway: ClientTarget): Anthropic {
  return new Anthropic({ baseURL: gateway.url, apiKey: gateway.key, maxRetries: 0 });
}
