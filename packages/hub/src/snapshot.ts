import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { listFiles } from '@huggingface/hub';
import { cacheDir, InputError } from '@peftbench/util';
import { HubFileNotFoundError, hubDownload, repoRef, type HubRepoOptions } from './download.ts';
import { isOffline, repoCacheFolder, resolveHubUrl, resolveToken, sidecarPath } from './settings.ts';
import { isRecordedAbsent, writeCacheRecord } from './cache-record.ts';

export interface HubSnapshotOptions extends HubRepoOptions {
  /** Repo-relative paths, e.g. ["config.json", "model.safetensors", "tokenizer.json"]. */
  files: string[];
  /**
   * Paths (in `files` or not) that the repo may lack: a missing one is skipped, and remembered in the
   * cache so later snapshots skip it without a request. Offline, an uncached optional file is skipped.
   */
  optional?: string[];
}

/**
 * Download the listed files of a repo (each through `hubDownload`, so cached files cost no request)
 * and return the local folder that holds them, laid out as in the repo: a folder `from_pretrained`-style
 * loaders can read.
 */
export async function hubSnapshot(opts: HubSnapshotOptions): Promise<string> {
  const optional = new Set(opts.optional ?? []);
  const all = [...new Set([...opts.files, ...optional])];
  if (all.length === 0) throw new InputError(`hub: ${opts.repo}: hubSnapshot needs a non-empty files list`);
  const ref = repoRef(opts);
  const root = opts.cacheDir ?? cacheDir();
  const folder = repoCacheFolder(ref, root);
  // One after another: files are few, and a failure then names the first missing file.
  for (const path of all) {
    if (!optional.has(path)) {
      await hubDownload({ ...opts, path });
      continue;
    }
    const record = sidecarPath(ref, path, root);
    if (!existsSync(join(folder, path)) && (isRecordedAbsent(record) || isOffline(opts.offline))) continue;
    try {
      await hubDownload({ ...opts, path });
    } catch (err) {
      if (!(err instanceof HubFileNotFoundError)) throw err;
      writeCacheRecord(record, { absent: true, checkedAt: new Date().toISOString() });
    }
  }
  return folder;
}

/** Every file path in the repo at that revision (GET /api/{type}s/{repo}/tree/{rev}?recursive=true), sorted. */
export async function listRepoFiles(opts: HubRepoOptions & { path?: string }): Promise<string[]> {
  const ref = repoRef(opts);
  if (isOffline(opts.offline)) throw new InputError(`${ref.repoType} ${ref.repo}@${ref.revision}: cannot list files in offline mode`);
  const out: string[] = [];
  for await (const entry of listFiles({
    repo: { type: ref.repoType, name: ref.repo },
    revision: ref.revision,
    recursive: true,
    path: opts.path,
    hubUrl: resolveHubUrl(opts.hubUrl),
    accessToken: resolveToken(opts.accessToken),
  })) {
    if (entry.type === 'file') out.push(entry.path);
  }
  return out.sort();
}
