import { describe, expect, test } from 'vitest';
import { extractAnswer, extractLastNumber, extractFirstLetter, mathAccuracy, isCorrect } from './extract.ts';

describe('LLM-Adapters answer extraction', () => {
  test('last number wins; commas inside numbers are dropped', () => {
    expect(extractLastNumber('She has 3 apples and buys 1,250 more, so 1,253 in total.')).toBe(1253);
    expect(extractAnswer('The answer is 18', 'gsm8k')).toBe(18);
  });
  test('negative numbers, decimals and trailing periods', () => {
    expect(extractLastNumber('The temperature drops to -7.')).toBe(-7);
    expect(extractLastNumber('It costs 2.50 dollars.')).toBe(2.5);
    expect(extractLastNumber('Answer: 42.')).toBe(42);
  });
  test('fractions keep only the denominator (the script reads the last number)', () => {
    expect(extractLastNumber('so 3/4 of the cake')).toBe(4);
  });
  test('no answer gives +Infinity and is never correct', () => {
    expect(extractLastNumber('I do not know.')).toBe(Infinity);
    expect(isCorrect('I do not know.', '0', 'svamp')).toBe(false);
  });
  test('tolerance 1e-3 against the gold string', () => {
    expect(isCorrect('x = 0.3334', '0.333', 'addsub')).toBe(true);
    expect(isCorrect('x = 0.335', '0.333', 'addsub')).toBe(false);
  });
  test('AQuA: first capital A-E, even inside a word', () => {
    expect(extractFirstLetter('  The answer is (C).')).toBe('C');
    expect(extractFirstLetter('After checking, B')).toBe('A');
    expect(extractFirstLetter('none')).toBe('');
  });
  test('accuracy over a set, and bad input', () => {
    const r = mathAccuracy(['= 5', '= 6', 'nothing'], ['5.0', '7', '1'], 'GSM8K');
    expect(r).toMatchObject({ correct: 1, total: 3 });
    expect(r.accuracy).toBeCloseTo(1 / 3, 15);
    expect(() => mathAccuracy(['1'], ['1', '2'], 'gsm8k')).toThrow(/1 completions but 2 gold/);
    expect(() => extractAnswer('1', 'mawps')).toThrow(/unknown dataset 'mawps'/);
  });
});
