/**
 * Test helper: lay out a hub cache folder exactly as Python's huggingface_hub (hf_hub_download) leaves
 * it, with plain fs calls (none of this package's cache code), so tests can check that peftbench reads
 * such a cache as it is.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';

export interface PythonCacheFile {
  path: string;
  content: Uint8Array | string;
  /** Stored with LFS on the hub: the blob is named by its sha256; otherwise by its git blob sha1. */
  lfs?: boolean;
}

/** Returns the snapshot folder. `refs` maps ref names (e.g. "main") to the commit. */
export function writePythonStyleCache(
  cache: string,
  opts: { repo: string; repoType?: 'model' | 'dataset'; commit: string; refs?: string[]; files: PythonCacheFile[] },
): string {
  const repoDir = join(cache, `${opts.repoType ?? 'model'}s--${opts.repo.split('/').join('--')}`);
  const snap = join(repoDir, 'snapshots', opts.commit);
  for (const f of opts.files) {
    const bytes = typeof f.content === 'string' ? Buffer.from(f.content) : Buffer.from(f.content);
    const etag = f.lfs
      ? createHash('sha256').update(bytes).digest('hex')
      : createHash('sha1').update(`blob ${bytes.byteLength}\0`).update(bytes).digest('hex');
    const blob = join(repoDir, 'blobs', etag);
    mkdirSync(dirname(blob), { recursive: true });
    writeFileSync(blob, bytes);
    const pointer = join(snap, f.path);
    mkdirSync(dirname(pointer), { recursive: true });
    symlinkSync(relative(dirname(pointer), blob), pointer);
  }
  for (const ref of opts.refs ?? ['main']) {
    mkdirSync(dirname(join(repoDir, 'refs', ref)), { recursive: true });
    writeFileSync(join(repoDir, 'refs', ref), opts.commit); // huggingface_hub writes the sha without a newline
  }
  mkdirSync(join(cache, '.locks', `${opts.repoType ?? 'model'}s--${opts.repo.split('/').join('--')}`), { recursive: true });
  return snap;
}
