import { describe, expect, test } from 'vitest';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gitBlobOid, sha256Hex } from './git-oid.ts';
import { VerificationError, writeVerified } from './verified-write.ts';

const streamOf = (bytes: Uint8Array<ArrayBuffer>) => new Blob([bytes]).stream();
const content = new TextEncoder().encode('hello hub\n');

describe('writeVerified', () => {
  test('git blob id matches `git hash-object` (hello hub\\n)', () => {
    // `printf 'hello hub\n' | git hash-object --stdin`
    expect(gitBlobOid(content)).toBe('bc98243ce9b9c35cae6011dec7c54e66c850c702');
  });

  test('keeps a file whose size, sha256 and git id match', async () => {
    const dest = join(mkdtempSync(join(tmpdir(), 'vw-')), 'a', 'f.txt');
    await writeVerified(dest, streamOf(content), { size: content.length, sha256: sha256Hex(content), gitOid: gitBlobOid(content) }, 'f.txt');
    expect(readFileSync(dest, 'utf8')).toBe('hello hub\n');
  });

  test.each([
    ['size', { size: 11 }, /f\.txt: received 10 bytes, the hub lists 11/],
    ['sha256', { size: 10, sha256: '0'.repeat(64) }, /f\.txt: sha256 [0-9a-f]{64} does not match the hub's 0{64}/],
    ['git id', { size: 10, gitOid: 'f'.repeat(40) }, /f\.txt: git blob id [0-9a-f]{40} does not match the hub's f{40}/],
  ])('rejects a %s mismatch, leaving neither the file nor a temp file', async (_n, expected, message) => {
    const folder = mkdtempSync(join(tmpdir(), 'vw-'));
    const err = await writeVerified(join(folder, 'f.txt'), streamOf(content), expected, 'f.txt').catch((e) => e);
    expect(err).toBeInstanceOf(VerificationError);
    expect(err.message).toMatch(message);
    expect(existsSync(join(folder, 'f.txt'))).toBe(false);
    expect(readdirSync(folder)).toEqual([]);
  });
});
