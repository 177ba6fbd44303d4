import { describe, expect, it } from 'vitest';
import { ReversibleRedaction } from './reversible-redaction.js';
import { scanPii } from './scan-pii.js';

const prompt = 'Email jane@example.com and call +44 20 7946 0958; cc jane@example.com, bob@example.org.';

describe('ReversibleRedaction', () => {
  it('replaces each value by a placeholder, the same value by the same one, and restores them', () => {
    const redaction = new ReversibleRedaction();
    const redacted = redaction.redact(prompt, scanPii(prompt));
    expect(redacted).toBe('Email [EMAIL_1] and call [PHONE_1]; cc [EMAIL_1], [EMAIL_2].');
    expect(redaction.size).toBe(3);
    expect(redaction.restore('I wrote to [EMAIL_1] and [EMAIL_2], not [EMAIL_9].')).toBe(
      'I wrote to jane@example.com and bob@example.org, not [EMAIL_9].',
    );
    // Only placeholders exactly as made are restored.
    expect(redaction.restore('[EMAIL_01] [EMAIL_0] [PHONE_2] [email_1] [EMAIL_1]')).toBe(
      '[EMAIL_01] [EMAIL_0] [PHONE_2] [email_1] jane@example.com',
    );
  });

  it('restores a stream whose placeholders are cut between chunks', () => {
    const redaction = new ReversibleRedaction();
    redaction.redact(prompt, scanPii(prompt));
    const restorer = redaction.restorer();
    const chunks = ['Sent to [EM', 'AIL_1', '] and [', 'PHONE_1] ', 'done [x'];
    const out = chunks.map((chunk) => restorer.push(chunk)).join('') + restorer.end();
    expect(out).toBe('Sent to jane@example.com and +44 20 7946 0958 done [x');
  });

  it('never holds back more than a placeholder can be long', () => {
    const redaction = new ReversibleRedaction();
    const restorer = redaction.restorer();
    expect(restorer.push('a [ then a long text that is clearly no placeholder at all')).toBe(
      'a [ then a long text that is clearly no placeholder at all',
    );
  });

  it('carries its mapping as pairs, in the order made, and goes on numbering after them', () => {
    const first = new ReversibleRedaction();
    first.redact(prompt, scanPii(prompt));
    expect(first.pairs()).toEqual([
      ['[EMAIL_1]', 'jane@example.com'],
      ['[PHONE_1]', '+44 20 7946 0958'],
      ['[EMAIL_2]', 'bob@example.org'],
    ]);
    const next = ReversibleRedaction.fromPairs(first.pairs());
    const text = 'mail carol@example.net or jane@example.com';
    expect(next.redact(text, scanPii(text))).toBe('mail [EMAIL_3] or [EMAIL_1]');
    expect(JSON.parse(next.restoreJson('"[EMAIL_3] \\u0022[PHONE_1]"'))).toBe(
      'carol@example.net "+44 20 7946 0958',
    );
    expect(next.size).toBe(4);
  });

  it('takes pairs out of order and ignores what is no placeholder of its own', () => {
    const redaction = ReversibleRedaction.fromPairs([
      ['[POSTAL_ADDRESS_3]', '1 Main Street'],
      ['[POSTAL_ADDRESS_1]', '2 Oak Avenue'],
      ['not a placeholder', 'x'],
      ['[EMAIL_1234567]', 'too@many.digits'],
      ['[EMAIL_01]', 'leading@zero.example'],
    ]);
    expect(redaction.size).toBe(2);
    expect(redaction.restore('[POSTAL_ADDRESS_1], [POSTAL_ADDRESS_2], [POSTAL_ADDRESS_3]')).toBe(
      '2 Oak Avenue, [POSTAL_ADDRESS_2], 1 Main Street',
    );
    const text = 'Send it to ada@example.com';
    expect(redaction.redact(text, scanPii(text))).toBe('Send it to [EMAIL_1]');
  });

  it('redacts entities given out of text order', () => {
    const entities = scanPii(prompt).reverse();
    expect(new ReversibleRedaction().redact(prompt, entities)).toBe(
      'Email [EMAIL_1] and call [PHONE_1]; cc [EMAIL_1], [EMAIL_2].',
    );
  });

  it('keeps mappings per request: another request cannot restore these values', () => {
    const first = new ReversibleRedaction();
    first.redact(prompt, scanPii(prompt));
    expect(new ReversibleRedaction().restore('[EMAIL_1]')).toBe('[EMAIL_1]');
  });
});

describe('ReversibleRedaction.restoreJson', () => {
  const redaction = ReversibleRedaction.fromPairs([
    ['[SECRET_1]', '-----BEGIN PRIVATE KEY-----\nMIIB"q\\x\n-----END PRIVATE KEY-----'],
    ['[EMAIL_1]', 'jane@example.com'],
  ]);

  it('keeps a JSON string that is itself JSON (tool-call arguments) valid, the value escaped within', () => {
    const answer = JSON.stringify({
      choices: [
        {
          message: {
            content: 'Sent to [EMAIL_1].',
            tool_calls: [{ function: { name: 'store', arguments: '{"key":"[SECRET_1]","to":"[EMAIL_1]"}' } }],
          },
        },
      ],
    });
    const restored = JSON.parse(redaction.restoreJson(answer));
    const message = restored.choices[0].message;
    expect(message.content).toBe('Sent to jane@example.com.');
    expect(JSON.parse(message.tool_calls[0].function.arguments)).toEqual({
      key: '-----BEGIN PRIVATE KEY-----\nMIIB"q\\x\n-----END PRIVATE KEY-----',
      to: 'jane@example.com',
    });
  });

  it('restores object inputs (Anthropic tool_use) value by value', () => {
    const answer = JSON.stringify({ content: [{ type: 'tool_use', input: { key: '[SECRET_1]' } }] });
    expect(JSON.parse(redaction.restoreJson(answer)).content[0].input.key).toContain('\nMIIB"q');
  });

  it('escapes values in text that is not JSON, and leaves text without placeholders as it is', () => {
    expect(redaction.restoreJson('{"cut": "[SECRET_1]')).toBe(
      `{"cut": "${JSON.stringify('-----BEGIN PRIVATE KEY-----\nMIIB"q\\x\n-----END PRIVATE KEY-----').slice(1, -1)}`,
    );
    const plain = '{ "a" : 1 }';
    expect(redaction.restoreJson(plain)).toBe(plain);
  });

  it('restores streamed JSON chunks with the values escaped, a placeholder cut between chunks included', () => {
    const restorer = redaction.restorer(true);
    const text = restorer.push('{"key":"[SEC') + restorer.push('RET_1]"}') + restorer.end();
    expect(JSON.parse(text).key).toContain('\nMIIB"q');
  });
});
