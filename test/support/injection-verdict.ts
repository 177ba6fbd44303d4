// Whether a mock gateway suite's `inj` route (guardrail-routes: an injection check that blocks)
// refuses a user message as a prompt injection, asked through the official OpenAI client.

import OpenAI from 'openai';
import { completion } from '../fixtures/openai-wire.js';
import type { MockGatewaySuite } from './mock-gateway-suite.js';
import { openaiClient } from './sdk-clients.js';

export async function injectionVerdict(
  suite: MockGatewaySuite,
  content: string,
): Promise<'blocked' | 'passed'> {
  suite.openai.reply({ kind: 'json', body: completion() });
  try {
    await openaiClient(suite.gateway).chat.completions.create({
      model: 'inj',
      messages: [{ role: 'user', content }],
    });
    return 'passed';
  } catch (error) {
    if (error instanceof OpenAI.BadRequestError && /"injection" guardrail/.test(error.message))
      return 'blocked';
    throw error;
  }
}
