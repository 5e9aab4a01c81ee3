/**
 * `peftbench cache verify`: hash every blob that a snapshot of the hub cache points to and compare it
 * with its name (sha256 for LFS files, git blob id for others); `cache list`: what is cached
 * (through @huggingface/hub's scanCacheDir).
 */
import { existsSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { scanCacheDir, type HFCacheInfo } from '@huggingface/hub';
import { checkBlob, discardBlob, snapshotEntry } from './cache.ts';
import { hubCacheDir } from './settings.ts';

export interface VerifyEntry {
  /** e.g. "models--org--name". */
  repoFolder: string;
  commit: string;
  path: string;
  status: 'ok' | 'corrupt' | 'missing' | 'unverifiable';
  detail?: string;
}

export interface VerifyReport {
  cacheDir: string;
  entries: VerifyEntry[];
  /** Blobs hashed (each once, however many snapshots point to it). */
  blobsHashed: number;
  problems: number;
}

/**
 * Check every file of every snapshot (or of the repo folders named in `repos`, e.g. "models--org--name"
 * or "org/name"). `quick`: trust blobs whose size and mtime match their stamp (what a run does on use);
 * default: hash every blob. `remove`: delete corrupt blobs and the snapshot links to them, so the next
 * online use fetches them again.
 */
export async function verifyCache(opts: { cacheDir?: string; repos?: string[]; quick?: boolean; remove?: boolean } = {}): Promise<VerifyReport> {
  const cache = hubCacheDir(opts.cacheDir);
  const report: VerifyReport = { cacheDir: cache, entries: [], blobsHashed: 0, problems: 0 };
  if (!existsSync(cache)) return report;
  const wanted = opts.repos?.map((r) => (r.includes('--') ? r : r.split('/').join('--')));
  const done = new Map<string, { status: VerifyEntry['status']; detail?: string }>();
  for (const folder of readdirSync(cache).sort()) {
    if (!folder.includes('--') || folder.startsWith('.')) continue;
    if (wanted && !wanted.some((w) => folder === w || folder.endsWith(`s--${w}`))) continue;
    const repoDir = join(cache, folder);
    const snaps = join(repoDir, 'snapshots');
    if (!existsSync(snaps)) continue;
    for (const commit of readdirSync(snaps).sort()) {
      if (!statSync(join(snaps, commit)).isDirectory()) continue;
      for (const pointer of walk(join(snaps, commit))) {
        const path = relative(join(snaps, commit), pointer).split('\\').join('/');
        const entry = snapshotEntry(pointer, repoDir);
        let result: { status: VerifyEntry['status']; detail?: string };
        if (!entry) continue;
        if (entry.kind === 'file') result = { status: 'unverifiable', detail: 'a plain file, not a link to a blob named by its hash' };
        else if (entry.kind === 'dangling') result = { status: 'missing', detail: `links to ${entry.target}, which is gone` };
        else {
          const key = `${folder}/${entry.etag}`;
          let r = done.get(key);
          if (!r) {
            const st = await checkBlob(repoDir, entry.etag, { full: !opts.quick });
            if (st.status === 'ok' && st.hashed) report.blobsHashed++;
            if (st.status === 'corrupt') report.blobsHashed++;
            r = st.status === 'ok' ? { status: 'ok' } : { status: st.status, detail: 'detail' in st ? st.detail : undefined };
            if (r.status === 'corrupt' && opts.remove) {
              discardBlob(repoDir, entry.etag);
              r.detail += '; removed';
            }
            done.set(key, r);
          }
          result = r;
          if (result.status === 'corrupt' && opts.remove) rmSync(pointer, { force: true });
        }
        if (result.status === 'corrupt' || result.status === 'missing') report.problems++;
        report.entries.push({ repoFolder: folder, commit, path, ...result });
      }
    }
  }
  return report;
}

function* walk(dir: string): Generator<string> {
  for (const ent of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, ent.name);
    if (ent.isDirectory()) yield* walk(p);
    else yield p;
  }
}

/** What the cache holds: repos, revisions, refs, sizes (@huggingface/hub's scanCacheDir; top-level snapshot files only). */
export async function listCache(cacheDir?: string): Promise<HFCacheInfo> {
  const cache = hubCacheDir(cacheDir);
  if (!existsSync(cache)) return { size: 0, repos: [], warnings: [] };
  return scanCacheDir(cache);
}
