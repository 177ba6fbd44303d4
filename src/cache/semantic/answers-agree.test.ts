import { describe, expect, it } from 'vitest';
import { answersAgree } from './answers-agree.js';

describe('answersAgree', () => {
  it('accepts the same answer worded a little differently', () => {
    expect(answersAgree('The capital of France is Paris.', 'the capital of France is Paris')).toBe(true);
    expect(
      answersAgree(
        'Paris is the capital of France, and its largest city.',
        'Paris is the capital and largest city of France.',
      ),
    ).toBe(true);
  });

  it('refuses answers that differ in a figure, or say something else', () => {
    expect(answersAgree('The meeting is on 3 May at 10:00.', 'The meeting is on 5 May at 10:00.')).toBe(
      false,
    );
    expect(answersAgree('Take 2 tablets a day.', 'Take 20 tablets a day.')).toBe(false);
    expect(answersAgree('The capital of France is Paris.', 'The capital of Spain is Madrid.')).toBe(false);
    expect(answersAgree('Yes.', 'No, it is not allowed without a licence.')).toBe(false);
  });

  it('treats empty answers as agreeing only with each other', () => {
    expect(answersAgree('', '  ')).toBe(true);
    expect(answersAgree('', 'Paris.')).toBe(false);
  });
});
