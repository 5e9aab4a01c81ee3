import { listFiles } from '@huggingface/hub';
import { cacheDir, InputError } from '@peftbench/util';
import { hubDownload, repoRef, type HubRepoOptions } from './download.ts';
import { isOffline, repoCacheFolder, resolveHubUrl, resolveToken } from './settings.ts';

export interface HubSnapshotOptions extends HubRepoOptions {
  /** Repo-relative paths, e.g. ["config.json", "model.safetensors", "tokenizer.json"]. */
  files: string[];
}

/**
 * Download the listed files of a repo (each through `hubDownload`, so cached files cost no request)
 * and return the local folder that holds them, laid out as in the repo: a folder `from_pretrained`-style
 * loaders can read.
 */
export async function hubSnapshot(opts: HubSnapshotOptions): Promise<string> {
  if (!Array.isArray(opts.files) || opts.files.length === 0) throw new InputError(`hub: ${opts.repo}: hubSnapshot needs a non-empty files list`);
  // One after another: files are few, and a failure then names the first missing file.
  for (const path of opts.files) await hubDownload({ ...opts, path });
  return repoCacheFolder(repoRef(opts), opts.cacheDir ?? cacheDir());
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
