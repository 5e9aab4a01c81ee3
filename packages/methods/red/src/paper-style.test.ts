import { describe, expect, test } from 'vitest';
import { formatLikePrinted, printedStyle } from './paper-style.ts';

describe('formatLikePrinted', () => {
  test('unit and decimals follow the printed string', () => {
    expect(formatLikePrinted(18_432, '0.02M')).toBe('0.02M');
    expect(formatLikePrinted(294_912, '0.3M')).toBe('0.3M');
    expect(formatLikePrinted(124_647_170, '125M')).toBe('125M');
    expect(formatLikePrinted(774_030_080, '774.03M')).toBe('774.03M');
    expect(formatLikePrinted(102_912, '103K')).toBe('103K');
    expect(formatLikePrinted(355_361_794, '355.0M')).toBe('355.4M');
  });
  test('a malformed printed value is an InputError', () => {
    expect(printedStyle('1.33M')).toEqual({ unit: 'M', decimals: 2 });
    expect(() => printedStyle('1.3 million')).toThrow("parameter count '1.3 million'");
  });
});
