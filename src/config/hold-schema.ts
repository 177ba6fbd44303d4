// A route's `guardrails.hold` block (docs/guardrails.md#holding-answers-for-review): where and how
// an answer held by an output check (`action: hold`) is delivered once a reviewer decides, how long
// it is kept, and what the client is told meanwhile. The signing secret is named, never written:
// it is read from the environment (checked at load, config/check-hold.ts).

import { z } from 'zod';
import { byteSize, integer, milliseconds, text, url } from './schema-fields.js';

export const holdDefaults = {
  keepForMs: 24 * 60 * 60 * 1000,
  message:
    'This answer is being reviewed before it is shared. You will receive it once a reviewer approves it.',
  maxAnswerBytes: 1024 * 1024,
} as const;

const environmentName = /^[A-Za-z_][A-Za-z0-9_]*$/;

export const holdSchema = z
  .strictObject({
    callbackUrl: url(['http', 'https'], 'https://app.example.com/hooks/switchyard')
      .optional()
      .describe(
        'Where the decision is POSTed (with the answer when approved), signed with the secret. Without it the caller polls GET /v1/reviews/<id>.',
      ),
    secretEnv: z
      .string()
      .regex(environmentName, 'expected the name of an environment variable, such as HOLD_SIGNING_SECRET')
      .optional()
      .describe(
        'The environment variable holding the HMAC-SHA-256 signing secret of the callback (the secret itself never goes in the config).',
      ),
    keepForMs: milliseconds()
      .default(holdDefaults.keepForMs)
      .describe('How long a held answer is kept for a decision and its delivery (default 24 h).'),
    message: text()
      .max(4000)
      .default(holdDefaults.message)
      .describe("The text the client gets instead of the held answer (the review's id goes with it)."),
    maxAnswerBytes: byteSize()
      .default(holdDefaults.maxAnswerBytes)
      .describe('A larger answer cannot be held and is withheld (400, guardrail_blocked); default 1mb.'),
    retries: z
      .strictObject({
        attempts: integer(1, 20)
          .optional()
          .describe('Calls to the callback in all, the first included (default 5).'),
        firstDelayMs: integer(1, 30_000)
          .optional()
          .describe('The wait before the first retry (default 2000); it doubles after each.'),
        maxDelayMs: integer(1, 30_000).optional().describe('The longest wait between calls (default 30000).'),
        timeoutMs: integer(1, 10_000)
          .optional()
          .describe('Longest wait for the callback to answer a call (default 10000).'),
      })
      .optional()
      .describe(
        "How the decision's delivery to callbackUrl is retried. Waits and timeouts are capped (30 s, 10 s) so a delivery left by a stopped gateway is told apart from a live one (resumed after 70 s untouched).",
      ),
  })
  .superRefine((hold, context) => {
    if (hold.callbackUrl !== undefined && hold.secretEnv === undefined) {
      context.addIssue({
        code: 'custom',
        path: ['secretEnv'],
        message: 'a callbackUrl needs secretEnv: deliveries are always signed',
      });
    }
    if (hold.callbackUrl === undefined && hold.secretEnv !== undefined) {
      context.addIssue({
        code: 'custom',
        path: ['secretEnv'],
        message: 'secretEnv signs callbacks: it needs a callbackUrl',
      });
    }
  });

export type HoldSettings = z.output<typeof holdSchema>;
