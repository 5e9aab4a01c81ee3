export { hubDownload, HubFileNotFoundError, type HubDownloadOptions, type HubRepoOptions } from './download.ts';
export { hubSnapshot, listRepoFiles, type HubSnapshotOptions } from './snapshot.ts';
export { readParquet } from './parquet.ts';
export { resolveHubUrl, isOffline, repoCacheFolder, DEFAULT_HUB_URL, type RepoType } from './settings.ts';
export { VerificationError } from './verified-write.ts';
export { gitBlobOid, sha256Hex } from './git-oid.ts';
