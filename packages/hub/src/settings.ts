import { join } from 'node:path';
import { cacheDir, InputError } from '@peftbench/util';

export type RepoType = 'model' | 'dataset';

export const DEFAULT_HUB_URL = 'https://huggingface.co';

/** Hub URL: explicit option > PEFTBENCH_HUB_URL > HF_ENDPOINT (huggingface_hub's variable) > huggingface.co. */
export function resolveHubUrl(option?: string, env: NodeJS.ProcessEnv = process.env): string {
  const url = option || env.PEFTBENCH_HUB_URL || env.HF_ENDPOINT || DEFAULT_HUB_URL;
  return url.replace(/\/+$/, '');
}

/** `offline: true` or PEFTBENCH_OFFLINE=1 (also HF_HUB_OFFLINE=1, huggingface_hub's switch) forbids requests. */
export function isOffline(option?: boolean, env: NodeJS.ProcessEnv = process.env): boolean {
  if (option !== undefined) return option;
  return env.PEFTBENCH_OFFLINE === '1' || env.HF_HUB_OFFLINE === '1';
}

/** Access token: option > HF_TOKEN (the variable huggingface_hub reads). Only sent when set. */
export function resolveToken(option?: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  return option || env.HF_TOKEN || undefined;
}

/** Check a repo-relative path before it is joined onto the cache: no absolute paths, no "..", no empty segments. */
export function checkRepoPath(path: string, what = 'path'): string {
  const segments = path.split('/');
  if (!path || path.startsWith('/') || path.includes('\\') || segments.some((s) => s === '' || s === '.' || s === '..')) {
    throw new InputError(`hub: invalid ${what} ${JSON.stringify(path)} (must be a relative path without "." or ".." segments)`);
  }
  return path;
}

export interface RepoRef {
  repo: string;
  repoType: RepoType;
  revision: string;
}

/** <cacheRoot>/hub/<repoType>s/<repo>/<revision>: the folder a snapshot of the repo lives in. */
export function repoCacheFolder(ref: RepoRef, cacheRoot = cacheDir()): string {
  return join(cacheRoot, 'hub', `${ref.repoType}s`, checkRepoPath(ref.repo, 'repo'), encodeURIComponent(ref.revision));
}

/** Where we record what each cached file should be (size, hashes), beside the snapshots, not inside them. */
export function sidecarPath(ref: RepoRef, path: string, cacheRoot = cacheDir()): string {
  return join(cacheRoot, 'hub', '.meta', `${ref.repoType}s`, ref.repo, encodeURIComponent(ref.revision), `${path}.json`);
}

export function describeFile(ref: RepoRef, path: string): string {
  return `${ref.repoType} ${ref.repo}@${ref.revision}: ${path}`;
}
