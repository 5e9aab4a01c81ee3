import { existsSync, readFileSync, statSync } from 'node:fs';
import { writeJsonAtomic } from '@peftbench/util';

/** What the hub said a cached file is; written beside the cache once the file is verified. */
export interface CacheRecord {
  size: number;
  /** sha256 of the content (LFS files: the hub's lfs.oid). */
  sha256?: string;
  /** git blob sha1 (non-LFS files: the hub's oid). */
  gitOid?: string;
  url: string;
  downloadedAt: string;
}

/** Recorded when an optional snapshot file turned out not to exist, so later snapshots skip it without a request. */
export interface AbsentRecord {
  absent: true;
  checkedAt: string;
}

export function readCacheRecord(path: string): CacheRecord | undefined {
  const rec = readRecord(path);
  return rec && typeof (rec as CacheRecord).size === 'number' ? (rec as CacheRecord) : undefined;
}

export function isRecordedAbsent(path: string): boolean {
  return (readRecord(path) as AbsentRecord | undefined)?.absent === true;
}

function readRecord(path: string): unknown {
  if (!existsSync(path)) return undefined;
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    return undefined; // an unreadable record only means we cannot trust the cached file: fetch again
  }
}

export function writeCacheRecord(path: string, record: CacheRecord | AbsentRecord): void {
  writeJsonAtomic(path, record);
}

/**
 * A cached file can be reused without any request when it exists and, where we recorded its size,
 * still has that size. A file placed in the cache by hand (no record) is trusted as is, so offline
 * machines can be seeded by copying files in.
 */
export function cachedFileIsUsable(file: string, record: CacheRecord | undefined): boolean {
  if (!existsSync(file)) return false;
  const st = statSync(file);
  if (!st.isFile()) return false;
  return record === undefined || st.size === record.size;
}
