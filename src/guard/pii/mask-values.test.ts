import { describe, expect, it } from 'vitest';
import { maskValue } from './mask-values.js';
import { scanPii } from './scan-pii.js';

describe('maskValue', () => {
  it('shows enough to recognise a value, not to use it', () => {
    const [email, card] = scanPii('jane@example.com 4111 1111 1111 1111');
    expect(maskValue(email!, 'jane@example.com')).toBe('j***@example.com');
    expect(maskValue(card!, '4111 1111 1111 1111')).toBe('************1111');
  });
});
