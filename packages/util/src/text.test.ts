import { describe, expect, test } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeUtf8, readUtf8 } from './text.ts';

describe('strict UTF-8', () => {
  test('valid text (multi-byte included) decodes as is', () => {
    expect(decodeUtf8(Buffer.from('héllo — ✓ 𝄞\n', 'utf8'), 'f')).toBe('héllo — ✓ 𝄞\n');
  });

  test.each([
    ['a lone latin-1 byte', Buffer.from([0x61, 0x0a, 0x62, 0xe9, 0x63]), 2, 2, 'e9'],
    ['an invalid start byte', Buffer.from([0x61, 0xff]), 1, 2, 'ff'],
    ['a truncated sequence at the end', Buffer.from([0x61, 0x0a, 0x0a, 0xe2, 0x82]), 3, 1, 'e2'],
    ['an overlong encoding', Buffer.from([0xc0, 0xaf]), 1, 1, 'c0'],
    ['a surrogate', Buffer.from([0x78, 0xed, 0xa0, 0x80]), 1, 2, 'ed'],
  ])('%s is refused with its line, column and byte', (_, bytes, line, column, hex) => {
    expect(() => decodeUtf8(bytes, 'data/train.tsv')).toThrow(new RegExp(`^data/train\\.tsv:${line}: not valid UTF-8 \\(byte 0x${hex} at column ${column}`));
  });

  test('readUtf8 names the file', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'utf8-')), 'sweep.yaml');
    writeFileSync(file, Buffer.from('description: caf\xe9\xff\n', 'latin1'));
    expect(() => readUtf8(file)).toThrow(/sweep\.yaml:1: not valid UTF-8 \(byte 0xe9 at column 17/);
  });
});
