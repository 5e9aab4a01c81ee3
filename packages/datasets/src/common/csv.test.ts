import { describe, expect, test } from 'vitest';
import { BadRows } from './bad-rows.ts';
import { parseCsv } from './csv.ts';

describe('parseCsv (RFC 4180)', () => {
  test('CRLF line ends, empty fields, quoted commas and newlines; line numbers of record starts', () => {
    const recs = parseCsv('a,b\r\n"x, y",\r\n"multi\nline","q""uote"\r\n\r\nlast,1', 'f.csv', new BadRows(false));
    expect(recs.map((r) => r.cells)).toEqual([['a', 'b'], ['x, y', ''], ['multi\nline', 'q"uote'], ['last', '1']]);
    expect(recs.map((r) => r.line)).toEqual([1, 2, 3, 6]);
  });
  test('a bare quote inside an unquoted field and text after a closing quote are bad records', () => {
    expect(() => parseCsv('a,b"c\n', 'f.csv', new BadRows(false))).toThrow(/f\.csv:1: a bare " inside an unquoted field/);
    const bad = new BadRows(true);
    const recs = parseCsv('"a"x,b\nok,1\n', 'f.csv', bad);
    expect(recs.map((r) => r.cells)).toEqual([['ok', '1']]);
    expect(bad.skipped[0].message).toMatch(/f\.csv:1: unexpected text after a closing quote/);
  });
});
