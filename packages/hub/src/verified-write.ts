import { createHash } from 'node:crypto';
import { createWriteStream, mkdirSync, renameSync, rmSync } from 'node:fs';
import { dirname, basename, join } from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as NodeReadableStream } from 'node:stream/web';
import { gitBlobHasher } from './git-oid.ts';

export interface Expected {
  size: number;
  sha256?: string;
  gitOid?: string;
}

export class VerificationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'VerificationError';
  }
}

/**
 * Stream `body` into `dest` atomically, checking size and hashes on the way: the bytes go to a sibling
 * temp file which is renamed over `dest` only if everything matches, and removed otherwise. (Streaming,
 * rather than util's writeFileAtomic, so that a multi-GB checkpoint never sits in memory.)
 */
export async function writeVerified(dest: string, body: ReadableStream<Uint8Array>, expected: Expected, what: string): Promise<void> {
  mkdirSync(dirname(dest), { recursive: true });
  const tmp = join(dirname(dest), `.${basename(dest)}.${process.pid}.${Date.now()}.${Math.random().toString(36).slice(2)}.incomplete`);
  const sha256 = createHash('sha256');
  const sha1 = gitBlobHasher(expected.size);
  let size = 0;
  const hasher = new Transform({
    transform(chunk: Buffer, _enc, done) {
      size += chunk.byteLength;
      sha256.update(chunk);
      sha1.update(chunk);
      done(null, chunk);
    },
  });
  try {
    await pipeline(Readable.fromWeb(body as NodeReadableStream<Uint8Array>), hasher, createWriteStream(tmp));
    checkDigests(what, expected, { size, sha256: sha256.digest('hex'), gitOid: sha1.digest('hex') });
    renameSync(tmp, dest);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw err;
  }
}

/** Compare what arrived with what the hub promised; the error says which check failed and both values. */
export function checkDigests(what: string, expected: Expected, got: Required<Expected>): void {
  if (got.size !== expected.size) throw new VerificationError(`${what}: received ${got.size} bytes, the hub lists ${expected.size}`);
  if (expected.sha256 && got.sha256 !== expected.sha256) {
    throw new VerificationError(`${what}: sha256 ${got.sha256} does not match the hub's ${expected.sha256}`);
  }
  if (expected.gitOid && got.gitOid !== expected.gitOid) {
    throw new VerificationError(`${what}: git blob id ${got.gitOid} does not match the hub's ${expected.gitOid}`);
  }
}
