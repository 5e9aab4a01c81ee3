export {
  hubDownload, downloadAtCommit, resolveRevision, repoRef, HubFileNotFoundError, type HubDownloadOptions, type HubRepoOptions,
} from './download.ts';
export { hubSnapshot, hubSnapshotInfo, listRepoFiles, type HubSnapshotOptions, type SnapshotInfo } from './snapshot.ts';
export { prefetch, DEFAULT_MODEL_FILES, type PrefetchItem, type PrefetchResult } from './prefetch.ts';
export { verifyCache, listCache, type VerifyReport, type VerifyEntry } from './verify.ts';
export { runDownloadCli, runCacheCli } from './cli.ts';
export { readParquet } from './parquet.ts';
export {
  resolveHubUrl, isOffline, hubCacheDir, repoFolder, snapshotFolder, parseRepoSpec, downloadHint, DEFAULT_HUB_URL, type RepoType,
} from './settings.ts';
export { type NetworkOptions } from './network.ts';
export { VerificationError } from './verified-write.ts';
export { gitBlobOid, sha256Hex } from './git-oid.ts';
