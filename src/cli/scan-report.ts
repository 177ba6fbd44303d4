// One scan verdict as a line of text for `switchyard guard scan`: what the detectors found, or,
// with a route, what each of its checks would do. `--json` prints the verdict itself instead.

import { appendAll } from '../core/append-all.js';

interface ReportedEntity {
  type: string;
  kind?: string | undefined;
  start: number;
  end: number;
  confidence: number;
}

interface ReportedCheck {
  check: string;
  action: string;
  tripped?: boolean | undefined;
  score?: number | undefined;
  entities?: ReportedEntity[] | undefined;
  rules?: string[] | undefined;
}

export interface ReportedVerdict {
  injection: { score: number; tripped: boolean; rules: string[] };
  entities: ReportedEntity[];
  checks?: ReportedCheck[] | undefined;
}

/** `line 4: injection 1 (rule, ...)`; with a route: `line 1: pii (redact): email at 5–21 (0.97)`. */
export function reportVerdict(line: number, verdict: ReportedVerdict): string {
  if (verdict.checks !== undefined) {
    const tripped = verdict.checks.filter((check) => check.tripped === true);
    const parts = tripped.map((check) => `${check.check} (${check.action}): ${findings(check)}`);
    return `line ${line}: ${parts.length === 0 ? 'nothing trips' : parts.join('; ')}`;
  }
  const parts: string[] = [];
  if (verdict.injection.tripped) parts.push(`injection ${injection(verdict.injection)}`);
  appendAll(parts, verdict.entities.map(entity));
  return `line ${line}: ${parts.length === 0 ? 'nothing found' : parts.join(', ')}`;
}

function findings(check: ReportedCheck): string {
  if (check.entities !== undefined) return check.entities.map(entity).join(', ');
  return injection({ score: check.score ?? 0, rules: check.rules ?? [] });
}

function injection({ score, rules }: { score: number; rules: string[] }): string {
  return `${score} (${rules.join(', ') || 'classifier'})`;
}

function entity({ type, kind, start, end, confidence }: ReportedEntity): string {
  return `${kind ?? type} at ${start}–${end} (${confidence})`;
}
