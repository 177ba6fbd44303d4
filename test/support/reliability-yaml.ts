// The config a reliability test gives startMocks, from its varying parts only: quick retries (and a
// circuit breaker when asked), then each model's YAML lines, targets written by targetsYaml.

export interface ReliabilityDefaults {
  /** Retries after the first attempt: 2 unless given. */
  attempts?: number;
  breaker?: { consecutiveFailures: number; openMs: number };
}

/** `targets: [...]`, one `{ provider: x, model: m-x }` for each mock named. */
export function targetsYaml(...providers: string[]): string {
  return `targets: [${providers.map((provider) => `{ provider: ${provider}, model: m-${provider} }`).join(', ')}]`;
}

/** `models`: each model's name and its lines (`targets: ...`, `fallbacks: ...`), unindented. */
export function reliabilityYaml(
  models: Record<string, string[]>,
  { attempts = 2, breaker }: ReliabilityDefaults = {},
): string {
  const lines = ['defaults:', `  retry: { attempts: ${attempts}, baseDelayMs: 1, maxDelayMs: 5 }`];
  if (breaker) {
    const { consecutiveFailures, openMs } = breaker;
    lines.push(`  circuitBreaker: { consecutiveFailures: ${consecutiveFailures}, openMs: ${openMs} }`);
  }
  lines.push('models:');
  for (const [name, body] of Object.entries(models)) {
    lines.push(`  ${name}:`, ...body.map((line) => `    ${line}`));
  }
  return `${lines.join('\n')}\n`;
}
