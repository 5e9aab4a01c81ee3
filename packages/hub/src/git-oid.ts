import { createHash, type Hash } from 'node:crypto';

/**
 * Git's blob id: sha1 of "blob <size>\0" followed by the content. The hub reports it as `oid` for files
 * stored in git (non-LFS), so a download can be checked against it.
 */
export function gitBlobHasher(size: number): Hash {
  return createHash('sha1').update(`blob ${size}\0`);
}

export function gitBlobOid(content: Uint8Array): string {
  return gitBlobHasher(content.byteLength).update(content).digest('hex');
}

export function sha256Hex(content: Uint8Array): string {
  return createHash('sha256').update(content).digest('hex');
}
