// The admin API's scan verdicts (POST /admin/guard/scan) as `switchyard guard scan --route` reads
// them: fields the CLI does not know are kept (it prints them with --json), the ones it prints are
// checked, so a wrong or hostile answer becomes a clear error instead of a crash mid-output.

import { z } from 'zod';

const entity = z.looseObject({
  type: z.string(),
  kind: z.string().optional(),
  start: z.number().int().min(0),
  end: z.number().int().min(0),
  confidence: z.number(),
});

const check = z.looseObject({
  check: z.string(),
  action: z.string(),
  tripped: z.boolean().optional(),
  score: z.number().optional(),
  entities: z.array(entity).optional(),
  rules: z.array(z.string()).optional(),
  skipped: z.string().optional(),
});

export const scanVerdictSchema = z.looseObject({
  mode: z.enum(['user', 'document']),
  injection: z.looseObject({ score: z.number(), tripped: z.boolean(), rules: z.array(z.string()) }),
  entities: z.array(entity),
  /** Always there for a scan with a route. */
  checks: z.array(check),
});

export type ScanVerdictView = z.output<typeof scanVerdictSchema>;

export const scanAnswerSchema = z.object({ data: z.array(scanVerdictSchema) });

export interface ScanTextsInput {
  route: string;
  texts: Array<{ text: string; mode: 'user' | 'document' }>;
}
