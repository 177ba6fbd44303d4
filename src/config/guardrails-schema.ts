// A route's guardrails in the config (docs/guardrails.md): the checks run on its input, in order,
// each with an action. Today: `pii` (personal data and secrets, src/guard/pii).

import { z } from 'zod';
import { maxPhraseLength } from '../guard/banned-phrases.js';
import { entityTypes } from '../guard/pii/pii-entity.js';
import { holdSchema } from './hold-schema.js';
import { flag, milliseconds, text, url } from './schema-fields.js';

export const guardrailActions = ['block', 'redact', 'mask', 'flag', 'log'] as const;
export type GuardrailAction = (typeof guardrailActions)[number];

const confidence = z.preprocess(
  (value) => (typeof value === 'string' && value.trim() !== '' ? Number(value) : value),
  z.number().min(0).max(1),
);

export const textSources = ['system', 'user', 'assistant', 'tool'] as const;
export type TextSourceName = (typeof textSources)[number];

const sources = z
  .array(z.enum(textSources))
  .min(1)
  .optional()
  .describe(
    "Which of the request's texts the check reads: system (the system prompt), user (users' turns), assistant (earlier answers and their tool calls), tool (tool results, search results and attached text documents: untrusted content). Default: all four for pii; user and tool for the others.",
  );

/** The texts a check reads when its config does not say. */
export function defaultSources(check: InputCheck['check']): readonly TextSourceName[] {
  return check === 'pii' ? textSources : ['user', 'tool'];
}

const inputCheckFields = z.strictObject({
  check: z
    .enum(['pii', 'injection'])
    .describe(
      "pii: personal data and secrets (email, phone, card, IBAN, SSN, IP, date of birth, keys); injection: prompt injection and jailbreaks (users' turns scored as prompts, tool results as documents).",
    ),
  action: z
    .enum(guardrailActions)
    .describe(
      'block: refuse the request (400); redact: placeholders to the provider, real values restored in the answer; mask: values partly hidden, for good; flag, log: record only.',
    ),
  types: z.array(z.enum(entityTypes)).min(1).optional().describe('Only these entity types (default: all).'),
  minimumConfidence: confidence.default(0.5).describe('Entities found with less confidence are ignored.'),
  sources,
  spotlight: flag()
    .optional()
    .describe(
      'injection only (default true): wrap tool results, for the provider, between random delimiters with a note that they are data.',
    ),
});

const localInputCheckSchema = inputCheckFields.superRefine((check, context) => {
  if (check.check !== 'injection') {
    if (check.spotlight !== undefined) {
      context.addIssue({
        code: 'custom',
        path: ['spotlight'],
        message: 'spotlight applies to injection checks only',
      });
    }
    return;
  }
  if (check.action === 'redact' || check.action === 'mask') {
    context.addIssue({
      code: 'custom',
      path: ['action'],
      message: 'an injection check can block, flag or log: there is nothing to redact or mask',
    });
  }
  if (check.types !== undefined) {
    context.addIssue({ code: 'custom', path: ['types'], message: 'types apply to pii checks only' });
  }
});

/** A check by a service outside the gateway: the team's own webhook, Lakera Guard, Azure Prompt Shields. */
export const externalCheckSchema = z
  .strictObject({
    check: z
      .enum(['webhook', 'lakera', 'azure-prompt-shields'])
      .describe(
        "webhook: POST the texts to `url`, which answers {flagged, score?, reason?}; lakera: Lakera Guard's /v2/guard; azure-prompt-shields: Azure AI Content Safety's text:shieldPrompt.",
      ),
    action: z
      .enum(['block', 'flag', 'log'])
      .describe('What a flagged request gets: refused (400), or recorded.'),
    url: url(['http', 'https'], 'https://guard.example.com/check')
      .optional()
      .describe(
        'webhook: where to POST; azure-prompt-shields: the resource endpoint; lakera: default https://api.lakera.ai/v2/guard.',
      ),
    apiKey: text().optional().describe('lakera: the Guard API key; azure-prompt-shields: the resource key.'),
    headers: z
      .record(z.string(), z.string())
      .optional()
      .describe('webhook: extra request headers (an auth token).'),
    projectId: text().optional().describe('lakera: the project whose policy applies.'),
    sources,
    apiVersion: text().default('2024-09-01').describe('azure-prompt-shields: the API version.'),
    timeoutMs: milliseconds().default(1000).describe('Longest wait for the service; then `failure` decides.'),
    failure: z
      .enum(['open', 'closed'])
      .default('open')
      .describe('When the service errs or is late: open lets the request through, closed refuses it.'),
  })
  .superRefine((check, context) => {
    if ((check.check === 'webhook' || check.check === 'azure-prompt-shields') && check.url === undefined) {
      context.addIssue({ code: 'custom', path: ['url'], message: `a ${check.check} check needs url` });
    }
    if ((check.check === 'lakera' || check.check === 'azure-prompt-shields') && check.apiKey === undefined) {
      context.addIssue({ code: 'custom', path: ['apiKey'], message: `a ${check.check} check needs apiKey` });
    }
  });

export const inputCheckSchema = z.discriminatedUnion('check', [localInputCheckSchema, externalCheckSchema]);

/** Whether a route's checks ask for its tool results to be spotlighted. */
export function spotlightsToolResults(checks: readonly InputCheck[]): boolean {
  return checks.some((check) => check.check === 'injection' && check.spotlight !== false);
}

export const outputCheckSchema = inputCheckFields
  .omit({ spotlight: true, sources: true })
  .extend({
    check: z
      .enum(['pii', 'leakage', 'json-schema', 'phrases', 'length'])
      .describe(
        "pii: personal data and secrets in the answer; leakage: the system prompt repeated in the answer (and the canary, with canary: true); json-schema: a JSON answer matches the schema the request asked for, and tool calls their tools' parameters; phrases: words and phrases the answer must not contain; length: the answer's text is at most maxCharacters long.",
      ),
    phrases: z
      .array(z.string().trim().min(1).max(maxPhraseLength))
      .min(1)
      .max(100)
      .optional()
      .describe(
        `phrases only: the banned words and phrases (case and spacing ignored, whole words; each at most ${maxPhraseLength} characters, at most 100).`,
      ),
    maxCharacters: z
      .preprocess((value) => (typeof value === 'string' ? Number(value) : value), z.int().min(1))
      .optional()
      .describe('length only: the most characters of text an answer may have.'),
    attempts: z
      .preprocess((value) => (typeof value === 'string' ? Number(value) : value), z.int().min(1).max(3))
      .optional()
      .describe(
        'json-schema with retry: how many times the model is asked again with the errors (default 1).',
      ),
    canary: flag()
      .optional()
      .describe(
        'leakage only (default true): append a random reference to the system prompt and look for it in answers.',
      ),
    action: z
      .enum(['block', 'mask', 'retry', 'hold', 'flag', 'log'])
      .describe(
        'block: withhold the answer (a stream ends with an error event); mask: values partly hidden; retry (json-schema): ask again with the errors; hold: keep the answer for a reviewer and send the client the hold message (needs guardrails.hold); flag, log: record only.',
      ),
  })
  .superRefine((check, context) => {
    const action = (message: string) => context.addIssue({ code: 'custom', path: ['action'], message });
    if (check.action === 'retry' && check.check !== 'json-schema')
      action('retry applies to json-schema checks only');
    if ((check.action === 'mask' || check.action === 'hold') && check.check === 'json-schema')
      action('a json-schema check can retry, block, flag or log');
    if (check.attempts !== undefined && check.action !== 'retry') {
      context.addIssue({
        code: 'custom',
        path: ['attempts'],
        message: 'attempts apply to json-schema checks that retry',
      });
    }
    if (check.check !== 'pii' && check.types !== undefined) {
      context.addIssue({ code: 'custom', path: ['types'], message: 'types apply to pii checks only' });
    }
    const needs = (field: 'phrases' | 'maxCharacters', owner: 'phrases' | 'length') => {
      const given = check[field] !== undefined;
      if (given === (check.check === owner)) return;
      context.addIssue({
        code: 'custom',
        path: [field],
        message: given ? `${field} applies to ${owner} checks only` : `a ${owner} check needs ${field}`,
      });
    };
    needs('phrases', 'phrases');
    needs('maxCharacters', 'length');
    if (check.check === 'length' && check.action === 'mask')
      action('a length check can block, hold, flag or log');
    if (check.check === 'pii' && check.canary !== undefined) {
      context.addIssue({
        code: 'custom',
        path: ['canary'],
        message: 'canary applies to leakage checks only',
      });
    }
  });

/** Whether a route's output checks want a canary in its requests' system prompts. */
export function wantsCanary(checks: readonly OutputCheck[]): boolean {
  return checks.some((check) => check.check === 'leakage' && check.canary !== false);
}

/** Whether any of a route's output checks holds answers for review. */
export function holdsAnswers(checks: readonly OutputCheck[]): boolean {
  return checks.some((check) => check.action === 'hold');
}

const guardrailsFields = z.strictObject({
  input: z
    .array(inputCheckSchema)
    .default([])
    .describe("Checks on the request's text (system prompt, messages, tool results), in order."),
  output: z
    .array(outputCheckSchema)
    .default([])
    .describe(
      "Checks on the answer's text, in order (streams: scanned as they go, a few characters held back).",
    ),
  hold: holdSchema
    .optional()
    .describe(
      'For output checks whose action is hold: the callback, its signing secret, how long a held answer is kept and what the client sees.',
    ),
});

export const guardrailsSchema = guardrailsFields.superRefine((guardrails, context) => {
  const holds = holdsAnswers(guardrails.output);
  if (holds && guardrails.hold === undefined) {
    context.addIssue({
      code: 'custom',
      path: ['hold'],
      message:
        'an output check with action hold needs a hold block (callbackUrl, secretEnv, keepForMs, message)',
    });
  }
  if (!holds && guardrails.hold !== undefined) {
    context.addIssue({
      code: 'custom',
      path: ['hold'],
      message: 'hold applies when an output check has action hold; none does',
    });
  }
});

/** The top-level `guardrails:` section: policies for a team's or a key's requests, on every route. */
export const guardrailOverridesSchema = z.strictObject({
  teams: z
    .record(z.string().min(1), guardrailsSchema)
    .default({})
    .describe("Team id -> the checks for its keys' requests, instead of each route's."),
  keys: z
    .record(z.string().min(1), guardrailsSchema)
    .default({})
    .describe("Key id -> the checks for that key's requests, instead of its team's or each route's."),
});

export type InputCheck = z.output<typeof inputCheckSchema>;
export type LocalInputCheck = z.output<typeof localInputCheckSchema>;
export type ExternalCheck = z.output<typeof externalCheckSchema>;
export type OutputCheck = z.output<typeof outputCheckSchema>;
export type GuardrailsSettings = z.output<typeof guardrailsSchema>;
