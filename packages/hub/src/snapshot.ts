import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { listFiles } from '@huggingface/hub';
import { InputError } from '@peftbench/util';
import { HubFileNotFoundError, downloadAtCommit, hubCall, repoRef, resolveRevision, type HubRepoOptions } from './download.ts';
import { hubCacheDir, isOffline, repoFolder, resolveHubUrl, resolveToken, snapshotFolder } from './settings.ts';
import { markAbsent, noExistPath } from './cache.ts';

export interface HubSnapshotOptions extends HubRepoOptions {
  /** Repo-relative paths, e.g. ["config.json", "model.safetensors", "tokenizer.json"]. */
  files: string[];
  /**
   * Paths (in `files` or not) that the repo may lack: a missing one is skipped and marked absent for
   * that commit (.no_exist/<commit>/<path>, as huggingface_hub does), so later snapshots skip it
   * without a request. Offline, an uncached optional file is skipped.
   */
  optional?: string[];
}

export interface SnapshotInfo {
  repo: string;
  repoType: 'model' | 'dataset';
  /** What was asked for ("main", a tag, a commit). */
  revision: string;
  /** The commit sha the files come from: record this in results. */
  commit: string;
  /** <cache>/<type>s--org--name/snapshots/<commit>: a folder laid out as the repo. */
  dir: string;
  /** Files present in `dir`. */
  files: string[];
  /** Optional files the repo lacks at that commit (or, offline, that are not cached). */
  absent: string[];
}

/**
 * Resolve the revision to a commit once, then fetch the listed files of that commit (each through
 * `downloadAtCommit`, so cached files cost no request) and describe the snapshot folder that holds them,
 * laid out as in the repo: a folder `from_pretrained`-style loaders can read.
 */
export async function hubSnapshotInfo(opts: HubSnapshotOptions): Promise<SnapshotInfo> {
  const optional = new Set(opts.optional ?? []);
  const all = [...new Set([...opts.files, ...optional])];
  if (all.length === 0) throw new InputError(`hub: ${opts.repo}: a snapshot needs a non-empty files list`);
  const ref = repoRef(opts);
  const cache = hubCacheDir(opts.cacheDir);
  const commit = await resolveRevision(opts);
  const dir = snapshotFolder(ref, commit, cache);
  const repoDir = repoFolder(ref, cache);
  const files: string[] = [];
  const absent: string[] = [];
  // One after another: files are few, and a failure then names the first missing file.
  for (const path of all) {
    if (!optional.has(path)) {
      await downloadAtCommit({ ...opts, path }, commit);
      files.push(path);
      continue;
    }
    if (!existsSync(join(dir, path)) && (existsSync(noExistPath(repoDir, commit, path)) || isOffline(opts.offline))) {
      absent.push(path);
      continue;
    }
    try {
      await downloadAtCommit({ ...opts, path }, commit);
      files.push(path);
    } catch (err) {
      if (!(err instanceof HubFileNotFoundError)) throw err;
      markAbsent(repoDir, commit, path);
      absent.push(path);
    }
  }
  return { repo: ref.repo, repoType: ref.repoType, revision: ref.revision, commit, dir, files, absent };
}

/** hubSnapshotInfo's folder. */
export async function hubSnapshot(opts: HubSnapshotOptions): Promise<string> {
  return (await hubSnapshotInfo(opts)).dir;
}

/** Every file path in the repo at that revision (GET /api/{type}s/{repo}/tree/{rev}?recursive=true), sorted. */
export async function listRepoFiles(opts: HubRepoOptions & { path?: string }): Promise<string[]> {
  const ref = repoRef(opts);
  if (isOffline(opts.offline)) throw new InputError(`${ref.repoType} ${ref.repo}@${ref.revision}: cannot list files in offline mode`);
  const out: string[] = [];
  const hubUrl = resolveHubUrl(opts.hubUrl);
  await hubCall(`${ref.repoType} ${ref.repo}@${ref.revision}`, hubUrl, async () => {
    for await (const entry of listFiles({
      repo: { type: ref.repoType, name: ref.repo },
      revision: ref.revision,
      recursive: true,
      path: opts.path,
      hubUrl,
      accessToken: resolveToken(opts.accessToken),
    })) {
      if (entry.type === 'file') out.push(entry.path);
    }
  });
  return out.sort();
}
