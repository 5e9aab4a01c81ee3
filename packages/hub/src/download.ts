import { downloadFile, pathsInfo, HubApiError, type PathInfo } from '@huggingface/hub';
import { InputError } from '@peftbench/util';
import {
  COMMIT_RE, checkRepoPath, checkRevision, describeFile, describeRepo, downloadHint, hubCacheDir, isOffline, repoFolder,
  resolveHubUrl, resolveToken, snapshotFolder, type RepoRef, type RepoType,
} from './settings.ts';
import { blobPath, checkBlob, discardBlob, linkSnapshotFile, readRef, snapshotEntry, stampBlob, writeRef } from './cache.ts';
import { describeNetworkError, guardedFetch, networkSettings, withRetries, type NetworkOptions } from './network.ts';
import { VerificationError, writeVerified, type Expected } from './verified-write.ts';
import { join } from 'node:path';

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
  /** Branch, tag or 40-hex commit; default "main". */
  revision?: string;
  /** Default: PEFTBENCH_HUB_URL, else HF_ENDPOINT, else https://huggingface.co. */
  hubUrl?: string;
  /**
   * The Hugging Face hub cache folder (the one holding models--org--name/). Default: HF_HUB_CACHE,
   * HUGGINGFACE_HUB_CACHE, $HF_HOME/hub, else ~/.cache/huggingface/hub, as huggingface_hub.
   */
  cacheDir?: string;
  /** Default: HF_TOKEN. Must start with "hf_" (checked by @huggingface/hub). */
  accessToken?: string;
  /** Never make a request; a missing file is an error. Default: PEFTBENCH_OFFLINE=1 or HF_HUB_OFFLINE=1. */
  offline?: boolean;
  /** Ask the hub again what a branch / tag points to, even when the cache knows (refs/<revision>). */
  refresh?: boolean;
  /** Stall timeout and bounded retries. */
  network?: NetworkOptions;
  /** Told about each retried failure (default: a line on stderr). */
  onRetry?: (message: string) => void;
}

export interface HubDownloadOptions extends HubRepoOptions {
  /** File path inside the repo, e.g. "config.json" or "data/train-00000-of-00001.parquet". */
  path: string;
}

export function repoRef(opts: HubRepoOptions): RepoRef {
  const repoType = opts.repoType ?? 'model';
  if (repoType !== 'model' && repoType !== 'dataset') throw new InputError(`hub: repoType must be "model" or "dataset", got ${JSON.stringify(repoType)}`);
  return { repo: checkRepoPath(opts.repo, 'repo'), repoType, revision: checkRevision(opts.revision ?? 'main') };
}

/**
 * The commit sha a revision stands for, as results should record it.
 * - A 40-hex commit is returned as is (no request).
 * - A branch or tag the cache has resolved before (refs/<revision>) is returned from there (no request),
 *   unless `refresh` (then the hub is asked again and refs/<revision> updated).
 * - Otherwise the hub is asked (GET /api/{models|datasets}/{repo}/revision/{revision} → sha) and the
 *   answer written to refs/<revision>. Offline with no cached ref: InputError with how to fetch it.
 */
export async function resolveRevision(opts: HubRepoOptions): Promise<string> {
  const ref = repoRef(opts);
  if (COMMIT_RE.test(ref.revision)) return ref.revision;
  const dir = repoFolder(ref, hubCacheDir(opts.cacheDir));
  const cached = readRef(dir, ref.revision);
  const offline = isOffline(opts.offline);
  if (cached && (!opts.refresh || offline)) return cached;
  if (offline) {
    throw new InputError(
      `${describeRepo(ref)}: not in the cache (${join(dir, 'refs', ref.revision)} is missing) and offline mode is on; ${downloadHint(ref)}`,
    );
  }
  const hubUrl = resolveHubUrl(opts.hubUrl);
  const accessToken = resolveToken(opts.accessToken);
  const net = networkSettings(opts.network);
  const fetchFn = guardedFetch(net.timeoutMs);
  const url = `${hubUrl}/api/${ref.repoType}s/${ref.repo}/revision/${encodeURIComponent(ref.revision)}`;
  const sha = await hubCall(describeRepo(ref), hubUrl, () =>
    withRetries(net, async () => {
      const resp = await fetchFn(url, { headers: accessToken ? { Authorization: `Bearer ${accessToken}` } : {} });
      if (!resp.ok) {
        const body = (await resp.json().catch(() => ({}))) as { error?: string };
        throw new HubApiError(url, resp.status, resp.headers.get('X-Request-Id') ?? undefined, resp.headers.get('X-Error-Message') ?? body.error ?? resp.statusText);
      }
      const json = (await resp.json()) as { sha?: unknown };
      if (typeof json.sha !== 'string' || !COMMIT_RE.test(json.sha)) throw new Error(`${url}: the answer has no commit sha`);
      return json.sha;
    }, retryReporter(opts, describeRepo(ref))),
  );
  writeRef(dir, ref.revision, sha);
  return sha;
}

/**
 * Download one file of a hub repo into the Hugging Face cache and return its path in the snapshot
 * (<cache>/<models|datasets>--org--name/snapshots/<commit>/<path>, a symlink to blobs/<etag>).
 *
 * The revision is resolved to a commit first (`resolveRevision`). A file already in that snapshot is
 * used without any request after a cheap check of its blob (size + mtime against the stamp of its last
 * full hash; a blob with no stamp, e.g. written by Python, is hashed once). A blob that fails the check
 * is removed and fetched again (online) or reported (offline); it is never used. A download asks the
 * hub for the file's size and hashes (POST paths-info at the commit), streams it through
 * @huggingface/hub's `downloadFile` with a stall timeout, and keeps it only if size, sha256 (LFS) or
 * git blob id (others) match; failures are retried a bounded number of times.
 */
export async function hubDownload(opts: HubDownloadOptions): Promise<string> {
  const commit = await resolveRevision(opts);
  return downloadAtCommit(opts, commit);
}

/** Like hubDownload, for a revision already resolved to `commit`. */
export async function downloadAtCommit(opts: HubDownloadOptions, commit: string): Promise<string> {
  const ref = repoRef(opts);
  const path = checkRepoPath(opts.path);
  const cache = hubCacheDir(opts.cacheDir);
  const dir = repoFolder(ref, cache);
  const pointer = join(snapshotFolder(ref, commit, cache), path);
  const what = describeFile(ref, path);
  const offline = isOffline(opts.offline);

  const entry = snapshotEntry(pointer, dir);
  let corrupt: string | undefined;
  if (entry?.kind === 'file') return pointer; // a plain file (no symlinks here, or copied in by hand): nothing to check it against
  if (entry?.kind === 'blob') {
    const st = await checkBlob(dir, entry.etag);
    if (st.status === 'ok' || st.status === 'unverifiable') return pointer;
    if (st.status === 'corrupt') {
      corrupt = st.detail;
      discardBlob(dir, entry.etag);
    }
  }
  if (offline) {
    const why = corrupt ? `the cached copy is corrupted and was removed (${corrupt})` : `not in the cache (${pointer})`;
    throw new InputError(`${what}: ${why} and offline mode is on; ${downloadHint(ref)}`);
  }
  if (corrupt) retryReporter(opts, what)(new Error(`cached copy corrupted, fetching again: ${corrupt}`), 0);

  const hubUrl = resolveHubUrl(opts.hubUrl);
  const accessToken = resolveToken(opts.accessToken);
  const net = networkSettings(opts.network);
  const fetchFn = guardedFetch(net.timeoutMs);
  const hubRepo = { type: ref.repoType, name: ref.repo };
  const onRetry = retryReporter(opts, what);

  const info = await hubCall(what, hubUrl, () =>
    withRetries(net, () => pathsInfo({ repo: hubRepo, paths: [path], revision: commit, hubUrl, accessToken, fetch: fetchFn }), onRetry),
  );
  const found = info.find((e) => e.path === path);
  if (!found || found.type !== 'file') throw new HubFileNotFoundError(`${what}: no such file on ${hubUrl}`);
  const expected = expectedOf(found);
  const etag = expected.sha256 ?? expected.gitOid!;
  const blob = blobPath(dir, etag);

  // Another revision may hold the same blob already.
  const have = await checkBlob(dir, etag);
  if (have.status === 'corrupt') discardBlob(dir, etag);
  if (have.status !== 'ok') {
    await hubCall(what, hubUrl, () =>
      withRetries(net, async () => {
        const body = await downloadFile({ repo: hubRepo, path, revision: commit, hubUrl, accessToken, fetch: fetchFn });
        if (!body) throw new HubFileNotFoundError(`${what}: no such file on ${hubUrl}`);
        await writeVerified(blob, body.stream(), expected, what);
      }, onRetry),
    );
    stampBlob(dir, etag);
  }
  linkSnapshotFile(pointer, blob);
  return pointer;
}

function expectedOf(entry: PathInfo): Expected {
  // LFS (and xet-backed LFS) files: lfs.oid is the sha256 of the content; oid is the pointer's git id.
  if (entry.lfs) return { size: entry.lfs.size ?? entry.size, sha256: entry.lfs.oid };
  return { size: entry.size, gitOid: entry.oid };
}

export function retryReporter(opts: HubRepoOptions, what: string): (err: unknown, k: number) => void {
  return (err, k) => {
    const msg = `${what}: ${describeNetworkError(err)}${k > 0 ? `; retry ${k}` : ''}`;
    if (opts.onRetry) opts.onRetry(msg);
    else console.error(`hub: ${msg}`);
  };
}

/** Turn the hub's HTTP errors into messages that name the file; "not found" is the user's input. */
export async function hubCall<T>(what: string, hubUrl: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (err) {
    if (err instanceof HubApiError) {
      const reason = `${err.statusCode}: ${err.message}`;
      if (err.statusCode === 404 || err.statusCode === 401) throw new InputError(`${what}: not found on ${hubUrl} (${reason})`);
      throw new Error(`${what}: hub request failed (${reason})`, { cause: err });
    }
    if (err instanceof InputError) throw err;
    if (err instanceof VerificationError) {
      err.message = `${err.message}; the download was discarded`;
      throw err;
    }
    throw new Error(`${what}: download from ${hubUrl} failed (${describeNetworkError(err)})`, { cause: err });
  }
}
