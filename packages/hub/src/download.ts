import { join } from 'node:path';
import { downloadFile, pathsInfo, HubApiError, type PathInfo } from '@huggingface/hub';
import { cacheDir, InputError } from '@peftbench/util';
import {
  checkRepoPath, describeFile, isOffline, repoCacheFolder, resolveHubUrl, resolveToken, sidecarPath,
  type RepoRef, type RepoType,
} from './settings.ts';
import { cachedFileIsUsable, readCacheRecord, writeCacheRecord } from './cache-record.ts';
import { VerificationError, writeVerified, type Expected } from './verified-write.ts';

/** The repo exists but has no such file (paths-info omits it); callers may treat the file as optional. */
export class HubFileNotFoundError extends InputError {
  constructor(message: string) {
    super(message);
    this.name = 'HubFileNotFoundError';
  }
}

export interface HubRepoOptions {
  /** "owner/name" (or a legacy top-level name such as "gpt2"). */
  repo: string;
  repoType?: RepoType;
  /** Branch, tag or commit; default "main". */
  revision?: string;
  /** Default: PEFTBENCH_HUB_URL, else HF_ENDPOINT, else https://huggingface.co. */
  hubUrl?: string;
  /** The peftbench cache root; files go under <cacheDir>/hub/. Default: cacheDir() (PEFTBENCH_CACHE). */
  cacheDir?: string;
  /** Default: HF_TOKEN. Must start with "hf_" (checked by @huggingface/hub). */
  accessToken?: string;
  /** Never make a request; a missing file is an error. Default: PEFTBENCH_OFFLINE=1 or HF_HUB_OFFLINE=1. */
  offline?: boolean;
}

export interface HubDownloadOptions extends HubRepoOptions {
  /** File path inside the repo, e.g. "config.json" or "data/train-00000-of-00001.parquet". */
  path: string;
}

/**
 * Download one file of a hub repo into the peftbench cache and return its local path:
 * <cacheDir>/hub/<repoType>s/<repo>/<revision>/<path>.
 *
 * A cached file is reused without any request (so offline runs work) unless its size differs from the
 * size recorded when it was downloaded, in which case it is fetched again. A download asks the hub for
 * the file's size and hashes (POST paths-info), streams the file through @huggingface/hub's
 * `downloadFile`, and keeps it only if the size, the sha256 (LFS files: lfs.oid) and the git blob id
 * (other files: oid) all match.
 */
export async function hubDownload(opts: HubDownloadOptions): Promise<string> {
  const ref = repoRef(opts);
  const path = checkRepoPath(opts.path);
  const root = opts.cacheDir ?? cacheDir();
  const local = join(repoCacheFolder(ref, root), path);
  const recordPath = sidecarPath(ref, path, root);
  if (cachedFileIsUsable(local, readCacheRecord(recordPath))) return local;

  const what = describeFile(ref, path);
  if (isOffline(opts.offline)) {
    throw new InputError(`${what}: not in the cache (${local}) and offline mode is on (offline option or PEFTBENCH_OFFLINE=1)`);
  }
  const hubUrl = resolveHubUrl(opts.hubUrl);
  const accessToken = resolveToken(opts.accessToken);
  const hubRepo = { type: ref.repoType, name: ref.repo };

  const info = await hubCall(what, hubUrl, () =>
    pathsInfo({ repo: hubRepo, paths: [path], revision: ref.revision, hubUrl, accessToken }),
  );
  const entry = info.find((e) => e.path === path);
  if (!entry || entry.type !== 'file') throw new HubFileNotFoundError(`${what}: no such file on ${hubUrl}`);
  const expected = expectedOf(entry);

  const blob = await hubCall(what, hubUrl, () =>
    downloadFile({ repo: hubRepo, path, revision: ref.revision, hubUrl, accessToken }),
  );
  if (!blob) throw new HubFileNotFoundError(`${what}: no such file on ${hubUrl}`);
  await hubCall(what, hubUrl, () => writeVerified(local, blob.stream(), expected, what));
  writeCacheRecord(recordPath, { ...expected, url: `${hubUrl}/${ref.repoType === 'dataset' ? 'datasets/' : ''}${ref.repo}/resolve/${ref.revision}/${path}`, downloadedAt: new Date().toISOString() });
  return local;
}

export function repoRef(opts: HubRepoOptions): RepoRef {
  const repoType = opts.repoType ?? 'model';
  if (repoType !== 'model' && repoType !== 'dataset') throw new InputError(`hub: repoType must be "model" or "dataset", got ${JSON.stringify(repoType)}`);
  return { repo: checkRepoPath(opts.repo, 'repo'), repoType, revision: opts.revision ?? 'main' };
}

function expectedOf(entry: PathInfo): Expected {
  // LFS (and xet-backed LFS) files: lfs.oid is the sha256 of the content; oid is the pointer's git id.
  if (entry.lfs) return { size: entry.lfs.size ?? entry.size, sha256: entry.lfs.oid };
  return { size: entry.size, gitOid: entry.oid };
}

/** Turn the hub's HTTP errors into messages that name the file; "not found" is the user's input. */
async function hubCall<T>(what: string, hubUrl: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (err) {
    if (err instanceof HubApiError) {
      const reason = `${err.statusCode}: ${err.message}`;
      if (err.statusCode === 404 || err.statusCode === 401) throw new InputError(`${what}: not found on ${hubUrl} (${reason})`);
      throw new Error(`${what}: hub request failed (${reason})`, { cause: err });
    }
    if (err instanceof InputError || err instanceof VerificationError) throw err;
    const e = err as Error;
    throw new Error(`${what}: download from ${hubUrl} failed (${e.message}${causeText(e)})`, { cause: err });
  }
}

function causeText(err: Error): string {
  const cause = (err as { cause?: { code?: string; message?: string } }).cause;
  return cause ? `: ${cause.code ?? cause.message}` : '';
}
