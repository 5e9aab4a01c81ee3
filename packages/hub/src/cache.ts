/**
 * The Hugging Face hub cache layout, as Python's huggingface_hub writes it (and @huggingface/hub's
 * downloadFileToCacheDir / scanCacheDir read it):
 *
 *   <cache>/models--org--name/
 *     blobs/<etag>                      file content; etag = sha256 (LFS files) or git blob sha1 (others)
 *     refs/<revision>                   the commit sha a branch or tag resolved to (no newline)
 *     snapshots/<commit>/<path>         relative symlink to ../../blobs/<etag> (a plain file where no symlinks)
 *     .no_exist/<commit>/<path>         empty marker: the file does not exist at that commit
 *   <cache>/datasets--org--name/...     same for datasets
 *
 * peftbench adds one folder per repo that Python ignores: `.peftbench-verified/<etag>.json`, the stamp
 * (size + mtime) of a blob whose content was hashed and matched its name, so later uses check only
 * `stat` and hash again only when the blob changed.
 */
import { createHash } from 'node:crypto';
import { createReadStream, existsSync, lstatSync, mkdirSync, readFileSync, readlinkSync, renameSync, rmSync, statSync, symlinkSync, copyFileSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { writeFileAtomic, writeJsonAtomic } from '@peftbench/util';
import { gitBlobHasher } from './git-oid.ts';
import { COMMIT_RE, checkRevision } from './settings.ts';

export const STAMP_FOLDER = '.peftbench-verified';

/** The commit a ref (branch / tag) resolved to when last seen, or undefined. */
export function readRef(repoDir: string, revision: string): string | undefined {
  const file = join(repoDir, 'refs', checkRevision(revision));
  try {
    const sha = readFileSync(file, 'utf8').trim();
    return COMMIT_RE.test(sha) ? sha : undefined;
  } catch {
    return undefined;
  }
}

export function writeRef(repoDir: string, revision: string, commit: string): void {
  writeFileAtomic(join(repoDir, 'refs', checkRevision(revision)), commit);
}

export function blobPath(repoDir: string, etag: string): string {
  return join(repoDir, 'blobs', etag);
}

/** Which hash a blob's name is: sha256 (64 hex, LFS files) or git blob sha1 (40 hex, files kept in git). */
export function etagKind(etag: string): 'sha256' | 'git' | undefined {
  if (/^[0-9a-f]{64}$/.test(etag)) return 'sha256';
  if (/^[0-9a-f]{40}$/.test(etag)) return 'git';
  return undefined;
}

/** Hash a file in a stream: sha256 of the content, or git's blob id. */
export async function hashFile(path: string, kind: 'sha256' | 'git'): Promise<string> {
  const size = statSync(path).size;
  const h = kind === 'sha256' ? createHash('sha256') : gitBlobHasher(size);
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) h.update(chunk as Buffer);
  return h.digest('hex');
}

interface Stamp {
  size: number;
  mtimeMs: number;
  verifiedAt: string;
}

function stampPath(repoDir: string, etag: string): string {
  return join(repoDir, STAMP_FOLDER, `${etag}.json`);
}

function readStamp(repoDir: string, etag: string): Stamp | undefined {
  try {
    const s = JSON.parse(readFileSync(stampPath(repoDir, etag), 'utf8')) as Stamp;
    return typeof s.size === 'number' && typeof s.mtimeMs === 'number' ? s : undefined;
  } catch {
    return undefined;
  }
}

/** Record that the blob's content was hashed and matched its name, with the size and mtime it had then. */
export function stampBlob(repoDir: string, etag: string): void {
  const st = statSync(blobPath(repoDir, etag));
  writeJsonAtomic(stampPath(repoDir, etag), { size: st.size, mtimeMs: st.mtimeMs, verifiedAt: new Date().toISOString() } satisfies Stamp);
}

export type BlobStatus =
  | { status: 'ok'; hashed: boolean }
  | { status: 'missing' }
  | { status: 'corrupt'; detail: string }
  | { status: 'unverifiable'; detail: string };

/**
 * Check a blob against its name. `full: false` (use): a blob whose size and mtime equal its stamp is
 * taken as verified without reading it; otherwise (no stamp: a cache written by Python, or the blob
 * changed since) it is hashed once and, if it matches, stamped. `full: true` (`peftbench cache verify`)
 * always hashes.
 */
export async function checkBlob(repoDir: string, etag: string, opts: { full?: boolean } = {}): Promise<BlobStatus> {
  const file = blobPath(repoDir, etag);
  let st;
  try {
    st = statSync(file);
  } catch {
    return { status: 'missing' };
  }
  const kind = etagKind(etag);
  if (!kind) return { status: 'unverifiable', detail: `blob name ${etag} is neither a sha256 nor a git blob id` };
  if (!opts.full) {
    const stamp = readStamp(repoDir, etag);
    // mtime to the millisecond: finer parts do not survive utimes / copies on every filesystem
    if (stamp && stamp.size === st.size && Math.abs(stamp.mtimeMs - st.mtimeMs) < 1) return { status: 'ok', hashed: false };
  }
  const got = await hashFile(file, kind);
  if (got !== etag) {
    return { status: 'corrupt', detail: `${kind === 'sha256' ? 'sha256' : 'git blob id'} of ${file} is ${got}, its name (the hub's hash) says ${etag} (${st.size} bytes)` };
  }
  stampBlob(repoDir, etag);
  return { status: 'ok', hashed: true };
}

/** Remove a blob that failed its check (and its stamp), so it is never used again. */
export function discardBlob(repoDir: string, etag: string): void {
  rmSync(blobPath(repoDir, etag), { force: true });
  rmSync(stampPath(repoDir, etag), { force: true });
}

/**
 * What a snapshot entry points to: the blob's etag when it is a symlink into blobs/ (the normal case),
 * 'file' for a plain file (caches made without symlinks, or files copied in by hand), undefined when absent.
 */
export function snapshotEntry(pointer: string, repoDir: string): { kind: 'blob'; etag: string } | { kind: 'file' } | { kind: 'dangling'; target: string } | undefined {
  let lst;
  try {
    lst = lstatSync(pointer);
  } catch {
    return undefined;
  }
  if (lst.isSymbolicLink()) {
    const target = resolve(dirname(pointer), readlinkSync(pointer));
    if (dirname(target) === join(repoDir, 'blobs') && existsSync(target)) return { kind: 'blob', etag: basename(target) };
    if (!existsSync(target)) return { kind: 'dangling', target };
    return { kind: 'file' };
  }
  return lst.isFile() ? { kind: 'file' } : undefined;
}

/**
 * Point snapshots/<commit>/<path> at blobs/<etag> with a relative symlink (as huggingface_hub does, so
 * the cache can be moved); made under a temp name and renamed, so a reader never sees a half-made link.
 * Where symlinks are not allowed, the blob is copied instead.
 */
export function linkSnapshotFile(pointer: string, blob: string): void {
  mkdirSync(dirname(pointer), { recursive: true });
  const tmp = `${pointer}.${process.pid}.${Math.random().toString(36).slice(2)}.link`;
  try {
    symlinkSync(relative(dirname(pointer), blob), tmp);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EPERM') throw err;
    copyFileSync(blob, tmp);
  }
  renameSync(tmp, pointer);
}

/** `.no_exist/<commit>/<path>`: huggingface_hub's marker that a file is absent at that commit. */
export function noExistPath(repoDir: string, commit: string, path: string): string {
  return join(repoDir, '.no_exist', commit, path);
}

export function markAbsent(repoDir: string, commit: string, path: string): void {
  writeFileAtomic(noExistPath(repoDir, commit, path), '');
}
