// Read OTLP JSON payloads in tests: attribute lists to plain objects, and the spans or metric data
// points of a batch of deliveries. Test support only: never imported by the gateway.
/* eslint-disable @typescript-eslint/no-explicit-any -- wire JSON, whose shape the tests check */

import type { OtlpDelivery } from './otlp-receiver.js';

type AnyValue = {
  stringValue?: string;
  boolValue?: boolean;
  intValue?: number | string;
  doubleValue?: number;
  arrayValue?: { values?: AnyValue[] };
};

type KeyValue = { key: string; value: AnyValue };

export type PlainValue = string | number | boolean | PlainValue[] | undefined;

export function plainValue(value: AnyValue): PlainValue {
  if (value.stringValue !== undefined) return value.stringValue;
  if (value.boolValue !== undefined) return value.boolValue;
  if (value.intValue !== undefined) return Number(value.intValue);
  if (value.doubleValue !== undefined) return value.doubleValue;
  if (value.arrayValue !== undefined) return (value.arrayValue.values ?? []).map(plainValue);
  return undefined;
}

export function plainAttributes(list: KeyValue[] | undefined): Record<string, PlainValue> {
  return Object.fromEntries((list ?? []).map(({ key, value }) => [key, plainValue(value)]));
}

/** Every span of the deliveries, with its resource's attributes beside it. */
export function otlpSpans(
  deliveries: OtlpDelivery[],
): Array<{ resource: Record<string, PlainValue>; span: any }> {
  return deliveries.flatMap(({ body }) =>
    (body.resourceSpans ?? []).flatMap((resourceSpans: any) =>
      (resourceSpans.scopeSpans ?? []).flatMap((scopeSpans: any) =>
        (scopeSpans.spans ?? []).map((span: any) => ({
          resource: plainAttributes(resourceSpans.resource?.attributes),
          span,
        })),
      ),
    ),
  );
}

export interface OtlpMetric {
  unit: string;
  points: Array<{ attributes: Record<string, PlainValue>; point: any }>;
}

/** Every metric of the deliveries by name: its unit and data points with plain attributes. */
export function otlpMetrics(deliveries: OtlpDelivery[]): Map<string, OtlpMetric> {
  const metrics = new Map<string, OtlpMetric>();
  for (const { body } of deliveries) {
    for (const resourceMetrics of body.resourceMetrics ?? []) {
      for (const scopeMetrics of resourceMetrics.scopeMetrics ?? []) {
        for (const metric of scopeMetrics.metrics ?? []) {
          const data = metric.histogram ?? metric.sum ?? metric.gauge;
          const entry: OtlpMetric = metrics.get(metric.name) ?? { unit: metric.unit, points: [] };
          for (const point of data?.dataPoints ?? [])
            entry.points.push({ attributes: plainAttributes(point.attributes), point });
          metrics.set(metric.name, entry);
        }
      }
    }
  }
  return metrics;
}
