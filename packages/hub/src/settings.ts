import { join } from 'node:path';
import { getHFHubCachePath, getRepoFolderName } from '@huggingface/hub';
import { InputError } from '@peftbench/util';

export type RepoType = 'model' | 'dataset';

export const DEFAULT_HUB_URL = 'https://huggingface.co';

/** Hub URL: explicit option > PEFTBENCH_HUB_URL > HF_ENDPOINT (huggingface_hub's variable) > huggingface.co. */
export function resolveHubUrl(option?: string, env: NodeJS.ProcessEnv = process.env): string {
  const url = option || env.PEFTBENCH_HUB_URL || env.HF_ENDPOINT || DEFAULT_HUB_URL;
  return url.replace(/\/+$/, '');
}

/** huggingface_hub's truth values for boolean variables (`_is_true`): 1, ON, YES, TRUE, any case. */
function envTrue(value: string | undefined): boolean {
  return value !== undefined && ['1', 'ON', 'YES', 'TRUE'].includes(value.trim().toUpperCase());
}

/** `offline: true`, PEFTBENCH_OFFLINE=1 or HF_HUB_OFFLINE=1 (huggingface_hub's switch) forbid requests. */
export function isOffline(option?: boolean, env: NodeJS.ProcessEnv = process.env): boolean {
  if (option !== undefined) return option;
  return envTrue(env.PEFTBENCH_OFFLINE) || envTrue(env.HF_HUB_OFFLINE);
}

/** Access token: option > HF_TOKEN (the variable huggingface_hub reads). Only sent when set. */
export function resolveToken(option?: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  return option || env.HF_TOKEN || undefined;
}

/**
 * The Hugging Face hub cache folder, shared with Python's huggingface_hub / transformers:
 * option > HF_HUB_CACHE > HUGGINGFACE_HUB_CACHE > $HF_HOME/hub > $XDG_CACHE_HOME/huggingface/hub >
 * ~/.cache/huggingface/hub. The variables are read by @huggingface/hub's `getHFHubCachePath` (same order
 * as huggingface_hub's constants.py).
 */
export function hubCacheDir(option?: string): string {
  return option || getHFHubCachePath();
}

/** Check a repo-relative path before it is joined onto the cache: no absolute paths, no "..", no empty segments. */
export function checkRepoPath(path: string, what = 'path'): string {
  const segments = path.split('/');
  if (!path || path.startsWith('/') || path.includes('\\') || segments.some((s) => s === '' || s === '.' || s === '..')) {
    throw new InputError(`hub: invalid ${what} ${JSON.stringify(path)} (must be a relative path without "." or ".." segments)`);
  }
  return path;
}

/** A revision name (branch, tag, "refs/pr/1", commit): joined under refs/, so the same rules as a path. */
export function checkRevision(revision: string): string {
  return checkRepoPath(revision, 'revision');
}

export interface RepoRef {
  repo: string;
  repoType: RepoType;
  revision: string;
}

export const COMMIT_RE = /^[0-9a-f]{40}$/;

/** <cache>/models--org--name (or datasets--org--name): the repo's folder in the HF cache (getRepoFolderName). */
export function repoFolder(ref: Pick<RepoRef, 'repo' | 'repoType'>, cache = hubCacheDir()): string {
  return join(cache, getRepoFolderName({ name: checkRepoPath(ref.repo, 'repo'), type: ref.repoType }));
}

/** <repo folder>/snapshots/<commit>: where a snapshot's files (symlinks to blobs) live. */
export function snapshotFolder(ref: Pick<RepoRef, 'repo' | 'repoType'>, commit: string, cache = hubCacheDir()): string {
  return join(repoFolder(ref, cache), 'snapshots', commit);
}

export function describeRepo(ref: RepoRef): string {
  return `${ref.repoType} ${ref.repo}@${ref.revision}`;
}

export function describeFile(ref: RepoRef, path: string): string {
  return `${describeRepo(ref)}: ${path}`;
}

/** The command that fills the cache for this repo, for offline hints. */
export function downloadHint(ref: RepoRef): string {
  const rev = ref.revision === 'main' ? '' : `@${ref.revision}`;
  return `go online once (unset PEFTBENCH_OFFLINE / HF_HUB_OFFLINE), or fill the cache ahead with \`peftbench download ${ref.repoType === 'dataset' ? '--dataset ' : ''}${ref.repo}${rev}\``;
}

/**
 * `hf:<owner/name>[@<revision>]` (or the bare `<owner/name>[@<revision>]`) → repo and revision
 * (default "main"). The revision may be a branch, a tag or a 40-hex commit.
 */
export function parseRepoSpec(spec: string, what = 'repo'): { repo: string; revision: string } {
  const body = spec.startsWith('hf:') ? spec.slice(3) : spec;
  const atIdx = body.indexOf('@');
  const repo = atIdx < 0 ? body : body.slice(0, atIdx);
  const revision = atIdx < 0 ? 'main' : body.slice(atIdx + 1);
  if (!repo || !revision) throw new InputError(`${what} ${JSON.stringify(spec)}: expected <owner/name>[@<revision>]`);
  checkRepoPath(repo, what);
  checkRevision(revision);
  return { repo, revision };
}
