// A request's guardrail verdicts as events on its SERVER span (docs/telemetry.md): one
// `switchyard.guardrail` event per check that ran, with what it did, its score, what it found by
// type and count (never the values) and its latency. Input checks are stamped at the request's
// arrival, output checks at its end: verdicts carry no clock of their own.

import type { TimedEvent } from '@opentelemetry/sdk-trace-base';
import { millisToHrTime } from '@opentelemetry/core';
import type { Attributes } from '@opentelemetry/api';
import type { RequestRecord } from './request-record.js';

export function guardrailEvents(record: RequestRecord): TimedEvent[] {
  return record.guardrails.map((verdict) => {
    const attributes: Attributes = {
      'switchyard.guardrail.check': verdict.check,
      'switchyard.guardrail.stage': verdict.stage,
      'switchyard.guardrail.action': verdict.action,
      'switchyard.guardrail.latency_ms': verdict.latencyMs,
    };
    if (verdict.score !== undefined) attributes['switchyard.guardrail.score'] = verdict.score;
    if (verdict.found !== undefined) {
      attributes['switchyard.guardrail.found'] = Object.entries(verdict.found).map(
        ([type, count]) => `${type}=${count}`,
      );
    }
    if (verdict.error !== undefined) attributes['switchyard.guardrail.error'] = verdict.error;
    return {
      name: 'switchyard.guardrail',
      time: millisToHrTime(verdict.stage === 'input' ? record.receivedAt : record.doneAt),
      attributes,
    };
  });
}
