/**
 * Fill the hub cache ahead of time (for nodes without internet): `peftbench download`, and the function
 * the sweep runner calls with the repos a sweep needs.
 */
import { InputError } from '@peftbench/util';
import { resolveRevision, type HubRepoOptions } from './download.ts';
import { hubSnapshotInfo, listRepoFiles, type SnapshotInfo } from './snapshot.ts';
import { downloadHint, hubCacheDir, isOffline, snapshotFolder, type RepoType } from './settings.ts';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/** What peftbench reads from a model repo (safetensors weights, config, tokenizer files). */
export const DEFAULT_MODEL_FILES = [
  'config.json', 'generation_config.json', '*.safetensors', 'model.safetensors.index.json',
  'tokenizer.json', 'tokenizer_config.json', 'special_tokens_map.json', 'vocab.json', 'vocab.txt', 'merges.txt', 'tokenizer.model',
];

export interface PrefetchItem {
  repo: string;
  repoType?: RepoType;
  /** Default "main". */
  revision?: string;
  /** Exact paths; when given, `include` is not used and every listed file must exist. */
  files?: string[];
  /**
   * Glob patterns (`*` within a path segment, `**` across) for the files to take from the repo listing.
   * Default: DEFAULT_MODEL_FILES for models, every file for datasets.
   */
  include?: string[];
}

export interface PrefetchResult extends SnapshotInfo {}

/**
 * For each item: resolve its revision (re-resolved when `refresh`), list the repo at that commit when no
 * exact `files` are given, and download what is missing into the cache (verified). Returns one snapshot
 * description per item, with the commit to record.
 */
export async function prefetch(items: PrefetchItem[], opts: Omit<HubRepoOptions, 'repo' | 'repoType' | 'revision'> & { onItem?: (r: PrefetchResult) => void } = {}): Promise<PrefetchResult[]> {
  const out: PrefetchResult[] = [];
  for (const item of items) {
    const base = { ...opts, repo: item.repo, repoType: item.repoType ?? 'model', revision: item.revision ?? 'main' };
    const commit = await resolveRevision(base);
    let files = item.files;
    if (!files) {
      const patterns = (item.include ?? (base.repoType === 'model' ? DEFAULT_MODEL_FILES : ['**'])).map(globToRegExp);
      // Offline (checking that a cache is complete): the snapshot's own files stand in for the listing.
      const listing = isOffline(opts.offline) ? cachedFiles(snapshotFolder(base, commit, hubCacheDir(opts.cacheDir))) : await listRepoFiles({ ...base, revision: commit });
      files = listing.filter((p) => patterns.some((re) => re.test(p)));
      if (listing.length === 0 && isOffline(opts.offline)) {
        throw new InputError(`${base.repoType} ${item.repo}@${base.revision}: not in the cache and offline mode is on; ${downloadHint({ ...base, revision: base.revision })}`);
      }
      if (files.length === 0) {
        throw new InputError(`${base.repoType} ${item.repo}@${base.revision}: no file matches ${(item.include ?? ['(default model files)']).join(', ')} (the repo has ${listing.length} files)`);
      }
    }
    const info = await hubSnapshotInfo({ ...base, revision: commit, files });
    const result = { ...info, revision: base.revision };
    opts.onItem?.(result);
    out.push(result);
  }
  return out;
}

/** A glob over the whole repo path: `*` matches within a path segment, `**` across segments, `?` one character. */
export function globToRegExp(glob: string): RegExp {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === '*' && glob[i + 1] === '*') {
      re += '.*';
      i++;
      if (glob[i + 1] === '/') i++;
    } else if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else re += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

/** Repo paths of the files in a snapshot folder (empty when there is none). */
function cachedFiles(dir: string, sub = ''): string[] {
  if (!existsSync(join(dir, sub))) return [];
  return readdirSync(join(dir, sub), { withFileTypes: true }).flatMap((e) => {
    const rel = sub ? `${sub}/${e.name}` : e.name;
    return e.isDirectory() ? cachedFiles(dir, rel) : [rel];
  }).sort();
}
