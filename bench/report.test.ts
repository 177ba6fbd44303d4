import { describe, expect, it } from 'vitest';
import { parseOptions } from './options.js';
import { renderReport } from './report.js';
import type { Environment } from './report.js';
import type { SuiteResult } from './suite.js';
import type { Round } from './summary.js';

const environment: Environment = {
  date: '2026-01-02T03:04:05.000Z',
  node: 'v20.20.2',
  cores: 2,
  cpuModel: 'Test CPU',
  loadAverage: '1.00 1.00 1.00',
  elapsedSeconds: 200,
};

function result(latencyP50Us: number, errors = 0): SuiteResult {
  return {
    latencyP50Us,
    latencyP99Us: latencyP50Us * 3,
    requestsPerSecond: 5000,
    cpuMicrosPerRequest: 80,
    firstTokenP50Us: 21_000,
    firstTokenP99Us: 24_000,
    peakRssBytes: 65e6,
    streamsOpened: 256,
    streamsHeldUpstream: 256,
    errors,
  };
}

describe('renderReport', () => {
  it('reports direct vs bare, and says the gateway was not measured and why', () => {
    const rounds: Round[] = [
      { direct: result(150), bare: result(320) },
      { direct: result(160), bare: result(300) },
    ];
    const report = renderReport({
      rounds,
      options: parseOptions(['--runs', '2']),
      environment,
      notes: ['gateway not measured: dist/src/cli/main.js does not exist'],
    });
    expect(report).toContain('v20.20.2 · 2 cores (Test CPU)');
    expect(report).toContain('| metric | direct (mock) | bare proxy |');
    expect(report).not.toContain('| gateway |');
    expect(report).toContain('| latency c=1 p50 (µs) | 155 | 310 |');
    expect(report).toContain('| bare proxy vs direct (mock) | +155 |');
    expect(report).toMatch(/\| throughput at c=64 \| .* \| — \| not measured \|/);
    expect(report).toContain('- gateway not measured: dist/src/cli/main.js does not exist');
    expect(report).not.toContain('NaN');
  });

  it('shows the gateway against both references and flags failed requests', () => {
    const rounds: Round[] = [{ direct: result(150), bare: result(300), gateway: result(450, 7) }];
    const report = renderReport({ rounds, options: parseOptions(['--quick']), environment, notes: [] });
    expect(report).toContain('| gateway vs direct (mock) | +300 |');
    expect(report).toContain('| gateway vs bare proxy | +150 |');
    expect(report).toMatch(/\| added p50 latency at c=1 \| .* \| \+0\.150 ms \| not met \|/);
    expect(report).toContain('gateway: 7 failed requests');
    expect(report).toContain('--quick');
  });
});
