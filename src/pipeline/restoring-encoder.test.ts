import { describe, expect, it } from 'vitest';
import type { StreamEvent } from '../core/index.js';
import { ReversibleRedaction } from '../guard/pii/reversible-redaction.js';
import { scanPii } from '../guard/pii/scan-pii.js';
import type { ClientStreamEncoder } from './stream-translator.js';
import { restoringEncoder } from './restoring-encoder.js';

/** Encodes each event as one line of JSON, to see exactly what reached the client's encoder. */
const lines: ClientStreamEncoder = {
  encode: (event) => `${JSON.stringify(event)}\n`,
  finish: () => 'end\n',
  error: () => 'error\n',
};

function redaction(): ReversibleRedaction {
  const redacting = new ReversibleRedaction();
  const text = 'mail jane@example.com, card 4111 1111 1111 1111';
  redacting.redact(text, scanPii(text));
  return redacting;
}

describe('restoringEncoder', () => {
  it('restores a placeholder cut across text deltas, holding back only the cut part', () => {
    const encoder = restoringEncoder(lines, redaction());
    const events: StreamEvent[] = [
      { type: 'text-delta', text: 'Sent to [EM' },
      { type: 'text-delta', text: 'AIL_1' },
      { type: 'text-delta', text: '] ok' },
      { type: 'finish', reason: 'stop' },
    ];
    const out = events.map((event) => encoder.encode(event)).join('') + encoder.finish();
    expect(out).toBe(
      [
        '{"type":"text-delta","text":"Sent to "}',
        '{"type":"text-delta","text":"jane@example.com ok"}',
        '{"type":"finish","reason":"stop"}',
        'end',
        '',
      ].join('\n'),
    );
  });

  it('lets out a held-back text before the finish, and restores tool-call arguments per call', () => {
    const encoder = restoringEncoder(lines, redaction());
    const out = [
      encoder.encode({ type: 'tool-call-delta', index: 0, arguments: '{"card":"[CA' }),
      encoder.encode({ type: 'tool-call-delta', index: 0, arguments: 'RD_1]"}' }),
      encoder.encode({ type: 'text-delta', text: 'done [x' }),
      encoder.encode({ type: 'finish', reason: 'tool-calls' }),
    ].join('');
    expect(out).toContain('"arguments":"{\\"card\\":\\""');
    expect(out).toContain('"arguments":"4111 1111 1111 1111\\"}"');
    expect(out.indexOf('"text":"[x"')).toBeLessThan(out.indexOf('"finish"'));
  });
});
