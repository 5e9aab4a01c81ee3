/**
 * The Hugging Face cache layout, pinned revisions, verification and the failure modes of a download,
 * against the loopback hub (repos made here: no ../shared needed).
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  existsSync, lstatSync, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, readlinkSync, statSync, utimesSync, writeFileSync, writeSync, closeSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { scanCacheDir } from '@huggingface/hub';
import { InputError } from '@peftbench/util';
import { hubDownload, resolveRevision, HubFileNotFoundError } from './download.ts';
import { hubSnapshotInfo } from './snapshot.ts';
import { verifyCache } from './verify.ts';
import { prefetch } from './prefetch.ts';
import { VerificationError } from './verified-write.ts';
import { startLoopbackHub, writePythonStyleCache, type LoopbackHub } from './testing.ts';

const tmp = () => mkdtempSync(join(tmpdir(), 'hubcache-'));
const sha256 = (b: Uint8Array | string) => createHash('sha256').update(b).digest('hex');
const gitOid = (b: Buffer) => createHash('sha1').update(`blob ${b.byteLength}\0`).update(b).digest('hex');

const REPO = 'peftbench-test/tiny';
const config = Buffer.from('{"model_type":"bert","hidden_size":8}\n');
const weights = Buffer.from(Array.from({ length: 200_000 }, (_, i) => (i * 7919) % 251));

function makeRepo(cfg: Buffer, w: Buffer): string {
  const dir = tmp();
  writeFileSync(join(dir, 'config.json'), cfg);
  writeFileSync(join(dir, 'model.safetensors'), w);
  mkdirSync(join(dir, 'sub'));
  writeFileSync(join(dir, 'sub', 'notes.txt'), 'nested\n');
  return dir;
}

describe('hub cache (Hugging Face layout) through the loopback hub', () => {
  let hub: LoopbackHub;
  const retries: string[] = [];
  const net = { network: { retries: 2, retryDelayMs: 0, timeoutMs: 2000 }, onRetry: (m: string) => retries.push(m) };
  const opts = <T extends object>(cache: string, extra: T) => ({ repo: REPO, hubUrl: hub.url, cacheDir: cache, ...net, ...extra });
  const downloadsOf = (from: number, file: string) => hub.downloads.slice(from).filter((p) => p === file).length;

  beforeAll(async () => {
    hub = await startLoopbackHub({ models: { [REPO]: makeRepo(config, weights) } });
  });
  afterAll(() => hub?.close());

  test('writes blobs/<hash>, snapshots/<commit>/<path> (relative symlinks) and refs/main; reuses with zero requests, also offline', async () => {
    const cache = tmp();
    const commit = hub.commitOf('model', REPO);
    const info = await hubSnapshotInfo(opts(cache, { files: ['config.json', 'model.safetensors', 'sub/notes.txt'] }));
    const repoDir = join(cache, 'models--peftbench-test--tiny');
    expect(info.commit).toBe(commit);
    expect(info.dir).toBe(join(repoDir, 'snapshots', commit));
    expect(readFileSync(join(repoDir, 'refs', 'main'), 'utf8')).toBe(commit);
    expect(readdirSync(join(repoDir, 'blobs')).sort()).toEqual([sha256(weights), gitOid(config), gitOid(Buffer.from('nested\n'))].sort());
    expect(readlinkSync(join(info.dir, 'model.safetensors'))).toBe(`../../blobs/${sha256(weights)}`);
    expect(readlinkSync(join(info.dir, 'sub', 'notes.txt'))).toBe(`../../../blobs/${gitOid(Buffer.from('nested\n'))}`);
    expect(readFileSync(join(info.dir, 'model.safetensors'))).toEqual(weights);
    // @huggingface/hub's own cache scanner reads it as a cache
    const scan = await scanCacheDir(cache);
    expect(scan.warnings).toEqual([]);
    expect(scan.repos.map((r) => [r.id.name, r.id.type, r.revisions.map((v) => [v.commitOid, v.refs])])).toEqual([[REPO, 'model', [[commit, ['main']]]]]);

    const before = hub.requests.length;
    const again = await hubSnapshotInfo(opts(cache, { files: ['config.json', 'model.safetensors'] }));
    expect(again.dir).toBe(info.dir);
    const offline = await hubSnapshotInfo(opts(cache, { files: ['config.json', 'model.safetensors'], offline: true }));
    expect(offline.commit).toBe(commit);
    expect(hub.requests.length).toBe(before);
  });

  test('a cache laid out by hand as Python huggingface_hub writes it is read with zero requests (cacheDir option and HF_HUB_CACHE / HF_HOME)', async () => {
    const cache = tmp();
    const commit = 'c0ffee'.padEnd(40, '0');
    const snap = writePythonStyleCache(cache, {
      repo: 'FacebookAI/roberta-base', commit,
      files: [{ path: 'config.json', content: config }, { path: 'model.safetensors', content: weights, lfs: true }],
    });
    const before = hub.requests.length;
    const files = ['config.json', 'model.safetensors'];
    const viaOption = await hubSnapshotInfo({ repo: 'FacebookAI/roberta-base', files, optional: ['tokenizer.json'], hubUrl: hub.url, cacheDir: cache, offline: true });
    expect(viaOption).toMatchObject({ commit, dir: snap, files, absent: ['tokenizer.json'] });
    const saved = { HF_HUB_CACHE: process.env.HF_HUB_CACHE, HF_HOME: process.env.HF_HOME };
    try {
      process.env.HF_HUB_CACHE = cache;
      // online this time (the loopback hub does not even know the repo): the cached ref and blobs suffice
      expect((await hubSnapshotInfo({ repo: 'FacebookAI/roberta-base', files, hubUrl: hub.url })).dir).toBe(snap);
      delete process.env.HF_HUB_CACHE;
      const home = tmp();
      writePythonStyleCache(join(home, 'hub'), { repo: 'FacebookAI/roberta-base', commit, files: [{ path: 'config.json', content: config }] });
      process.env.HF_HOME = home;
      expect(await hubDownload({ repo: 'FacebookAI/roberta-base', path: 'config.json', hubUrl: hub.url })).toBe(join(home, 'hub', 'models--FacebookAI--roberta-base', 'snapshots', commit, 'config.json'));
    } finally {
      for (const [k, v] of Object.entries(saved)) v === undefined ? delete process.env[k] : (process.env[k] = v);
    }
    expect(hub.requests.length).toBe(before);
    // the first use hashed Python's blobs once and stamped them; a full verify agrees
    const report = await verifyCache({ cacheDir: cache });
    expect(report.problems).toBe(0);
    expect(report.entries.map((e) => e.status)).toEqual(['ok', 'ok']);
  });

  test('resolveRevision: commit sha; `main` resolved once and kept; `refresh` re-resolves; pinned old commits stay fetchable', async () => {
    const name = 'peftbench-test/moving';
    hub.publish('model', name, makeRepo(config, weights));
    const first = hub.commitOf('model', name);
    const cache = tmp();
    const o = { repo: name, hubUrl: hub.url, cacheDir: cache, ...net };
    expect(await resolveRevision(o)).toBe(first);
    expect(hub.requests).toContain(`GET /api/models/${name}/revision/main`);
    const v1 = await hubDownload({ ...o, path: 'config.json' });

    const config2 = Buffer.from('{"model_type":"bert","hidden_size":16}\n');
    const second = hub.publish('model', name, makeRepo(config2, weights));
    expect(second).not.toBe(first);
    const before = hub.requests.length;
    expect(await resolveRevision(o)).toBe(first); // cached ref, no request
    expect(await hubDownload({ ...o, path: 'config.json' })).toBe(v1);
    expect(hub.requests.length).toBe(before);

    expect(await resolveRevision({ ...o, refresh: true })).toBe(second);
    expect(readFileSync(join(cache, 'models--peftbench-test--moving', 'refs', 'main'), 'utf8')).toBe(second);
    const v2 = await hubDownload({ ...o, path: 'config.json' });
    expect(v2).toContain(`/snapshots/${second}/`);
    expect(readFileSync(v2)).toEqual(config2);
    // the weights did not change: the new snapshot links to the same blob, no second download
    const w = hub.downloads.length;
    await hubDownload({ ...o, path: 'model.safetensors', revision: first });
    await hubDownload({ ...o, path: 'model.safetensors' });
    expect(downloadsOf(w, 'model.safetensors')).toBe(1);
    // an explicit old commit is served from its snapshot
    expect(readFileSync(await hubDownload({ ...o, path: 'config.json', revision: first }))).toEqual(config);
    // offline, a revision never resolved says how to fetch it
    const err = await resolveRevision({ ...o, cacheDir: tmp(), offline: true }).catch((e) => e);
    expect(err).toBeInstanceOf(InputError);
    expect(err.message).toMatch(/offline mode is on; go online once .* or fill the cache ahead with `peftbench download peftbench-test\/moving`/);
  });

  test('a branch with slashes (refs/convert/parquet) is resolved and kept as refs/refs/convert/parquet, as huggingface_hub does', async () => {
    const ds = tmp();
    mkdirSync(join(ds, 'default', 'train'), { recursive: true });
    writeFileSync(join(ds, 'default', 'train', '0000.parquet'), 'rows');
    const sha = hub.publish('dataset', 'peftbench-test/e2e', ds, 'refs/convert/parquet');
    const cache = tmp();
    const o = { repo: 'peftbench-test/e2e', repoType: 'dataset' as const, revision: 'refs/convert/parquet', hubUrl: hub.url, cacheDir: cache, ...net };
    const p = await hubDownload({ ...o, path: 'default/train/0000.parquet' });
    expect(p).toBe(join(cache, 'datasets--peftbench-test--e2e', 'snapshots', sha, 'default', 'train', '0000.parquet'));
    expect(readFileSync(join(cache, 'datasets--peftbench-test--e2e', 'refs', 'refs', 'convert', 'parquet'), 'utf8')).toBe(sha);
    expect(await hubDownload({ ...o, path: 'default/train/0000.parquet', offline: true })).toBe(p);
    await expect(resolveRevision({ ...o, revision: 'main' })).rejects.toThrow(/Invalid rev id: main/);
  });

  test('a truncated download (connection cut) is retried; the file is whole', async () => {
    const cache = tmp();
    hub.fault('model.safetensors', { kind: 'truncate' });
    retries.length = 0;
    const from = hub.downloads.length;
    const p = await hubDownload(opts(cache, { path: 'model.safetensors' }));
    expect(readFileSync(p)).toEqual(weights);
    expect(downloadsOf(from, 'model.safetensors')).toBe(2);
    expect(retries).toHaveLength(1);
    expect(retries[0]).toMatch(/model\.safetensors: the connection closed before the whole file arrived \(terminated.*; retry 1/);
  });

  test('a wrong-size answer is retried, and when it persists it is reported and nothing is kept', async () => {
    const cache = tmp();
    hub.fault('config.json', { kind: 'short', afterBytes: 10 });
    expect(readFileSync(await hubDownload(opts(cache, { path: 'config.json' })))).toEqual(config);

    const cache2 = tmp();
    hub.fault('config.json', { kind: 'short', afterBytes: 10, times: Infinity });
    const err = await hubDownload(opts(cache2, { path: 'config.json' })).catch((e) => e);
    hub.fault('config.json', { kind: 'short', times: 0 });
    expect(err).toBeInstanceOf(VerificationError);
    expect(err.message).toBe(`model ${REPO}@main: config.json: received 10 bytes, the hub lists ${config.byteLength} (after 3 attempts); the download was discarded`);
    const repoDir = join(cache2, 'models--peftbench-test--tiny');
    expect(readdirSync(join(repoDir, 'blobs'))).toEqual([]); // no blob, no temp file
    expect(existsSync(join(repoDir, 'snapshots', hub.commitOf('model', REPO), 'config.json'))).toBe(false);
  });

  test('same-size corrupted bytes from the server fail the sha256 check and are never kept', async () => {
    const cache = tmp();
    hub.fault('model.safetensors', { kind: 'corrupt', times: Infinity });
    const err = await hubDownload(opts(cache, { path: 'model.safetensors' })).catch((e) => e);
    hub.fault('model.safetensors', { kind: 'corrupt', times: 0 });
    expect(err).toBeInstanceOf(VerificationError);
    expect(err.message).toMatch(new RegExp(`model\\.safetensors: sha256 [0-9a-f]{64} does not match the hub's ${sha256(weights)}`));
    expect(readdirSync(join(cache, 'models--peftbench-test--tiny', 'blobs'))).toEqual([]);
  });

  test('a stalling server times out and is retried; a server that always stalls gives a bounded error', async () => {
    const cache = tmp();
    hub.fault('model.safetensors', { kind: 'stall', afterBytes: 1000 });
    const o = opts(cache, { path: 'model.safetensors', network: { timeoutMs: 300, retries: 1, retryDelayMs: 0 } });
    retries.length = 0;
    expect(readFileSync(await hubDownload(o))).toEqual(weights);
    expect(retries[0]).toMatch(/no data from http:\/\/127\.0\.0\.1:\d+\/__cdn\/.* for 0\.3 s \(stalled/);

    hub.fault('model.safetensors', { kind: 'stall', times: Infinity });
    const err = await hubDownload({ ...o, cacheDir: tmp() }).catch((e) => e);
    hub.fault('model.safetensors', { kind: 'stall', times: 0 });
    expect(err.message).toMatch(/model\.safetensors: download from .* failed \(.*stalled.*\(after 2 attempts\)/);
  });

  test('a 500 answer is retried; a missing file (404) is not', async () => {
    hub.fault('config.json', { kind: 'error500' });
    expect(readFileSync(await hubDownload(opts(tmp(), { path: 'config.json' })))).toEqual(config);
    const from = hub.requests.length;
    const err = await hubDownload(opts(tmp(), { path: 'nope.bin' })).catch((e) => e);
    expect(err).toBeInstanceOf(HubFileNotFoundError);
    expect(err.message).toBe(`model ${REPO}@main: nope.bin: no such file on ${hub.url}`);
    expect(hub.requests.slice(from).filter((r) => r.includes('paths-info'))).toHaveLength(1);
  });

  test('a corrupted cache entry of the same size is detected on use: fetched again online, reported offline, never used', async () => {
    const cache = tmp();
    const p = await hubDownload(opts(cache, { path: 'model.safetensors' }));
    const blob = join(cache, 'models--peftbench-test--tiny', 'blobs', sha256(weights));
    const overwrite = () => {
      const fd = openSync(blob, 'r+');
      writeSync(fd, Buffer.alloc(16, 0xab), 0, 16, 5000);
      closeSync(fd);
      utimesSync(blob, new Date(), new Date(Date.now() + 5000)); // a write moves mtime (made explicit: coarse clocks)
    };
    overwrite();
    expect(statSync(blob).size).toBe(weights.byteLength);
    const offErr = await hubDownload(opts(cache, { path: 'model.safetensors', offline: true })).catch((e) => e);
    expect(offErr).toBeInstanceOf(InputError);
    expect(offErr.message).toMatch(/model\.safetensors: the cached copy is corrupted and was removed \(sha256 of .* is [0-9a-f]{64}, its name \(the hub's hash\) says [0-9a-f]{64}.*\) and offline mode is on; .*peftbench download/);
    expect(existsSync(blob)).toBe(false);

    retries.length = 0;
    expect(readFileSync(await hubDownload(opts(cache, { path: 'model.safetensors' })))).toEqual(weights);
    overwrite();
    const from = hub.downloads.length;
    expect(readFileSync(await hubDownload(opts(cache, { path: 'model.safetensors' })))).toEqual(weights);
    expect(downloadsOf(from, 'model.safetensors')).toBe(1);
    expect(retries.some((m) => /cached copy corrupted, fetching again/.test(m))).toBe(true);
    expect(lstatSync(p).isSymbolicLink()).toBe(true);
  });

  test('`cache verify` hashes every blob: finds corruption that kept size and mtime, and --remove lets the next use fetch it again', async () => {
    const cache = tmp();
    await hubSnapshotInfo(opts(cache, { files: ['config.json', 'model.safetensors'] }));
    const blob = join(cache, 'models--peftbench-test--tiny', 'blobs', sha256(weights));
    const st = statSync(blob);
    const fd = openSync(blob, 'r+');
    writeSync(fd, Buffer.alloc(16, 0x11), 0, 16, 100);
    closeSync(fd);
    utimesSync(blob, st.atime, st.mtime); // same size, same mtime: the cheap check on use cannot see it
    const quick = await verifyCache({ cacheDir: cache, quick: true });
    expect(quick.problems).toBe(0);
    const full = await verifyCache({ cacheDir: cache });
    expect(full.blobsHashed).toBe(2);
    expect(full.problems).toBe(1);
    expect(full.entries.find((e) => e.path === 'model.safetensors')).toMatchObject({ repoFolder: 'models--peftbench-test--tiny', status: 'corrupt' });
    expect(full.entries.find((e) => e.path === 'config.json')?.status).toBe('ok');
    await verifyCache({ cacheDir: cache, remove: true });
    expect(existsSync(blob)).toBe(false);
    expect(readFileSync(await hubDownload(opts(cache, { path: 'model.safetensors' })))).toEqual(weights);
    expect((await verifyCache({ cacheDir: cache })).problems).toBe(0);
  });

  test('optional files the repo lacks are marked in .no_exist/<commit>/ and cost no request later', async () => {
    const cache = tmp();
    const files = ['config.json', 'tokenizer.json'];
    const info = await hubSnapshotInfo(opts(cache, { files, optional: ['tokenizer.json'] }));
    expect(info.absent).toEqual(['tokenizer.json']);
    expect(existsSync(join(cache, 'models--peftbench-test--tiny', '.no_exist', info.commit, 'tokenizer.json'))).toBe(true);
    const before = hub.requests.length;
    await hubSnapshotInfo(opts(cache, { files, optional: ['tokenizer.json'] }));
    expect(hub.requests.length).toBe(before);
    await expect(hubSnapshotInfo(opts(cache, { files }))).rejects.toThrow(`model ${REPO}@main: tokenizer.json: no such file on ${hub.url}`);
  });

  test('prefetch fills the cache for offline use: default model files, exact files, dataset globs', async () => {
    const ds = tmp();
    mkdirSync(join(ds, 'rte'));
    writeFileSync(join(ds, 'rte', 'train-00000-of-00001.parquet'), 'not really parquet');
    writeFileSync(join(ds, 'README.md'), '# glue\n');
    hub.publish('dataset', 'nyu-mll/glue', ds);
    const cache = tmp();
    const seen: string[] = [];
    const got = await prefetch(
      [{ repo: REPO }, { repo: 'nyu-mll/glue', repoType: 'dataset', include: ['rte/*'] }],
      { hubUrl: hub.url, cacheDir: cache, ...net, onItem: (r) => seen.push(`${r.repo}@${r.commit}`) },
    );
    expect(got.map((r) => [r.repo, r.revision, r.commit, r.files])).toEqual([
      [REPO, 'main', hub.commitOf('model', REPO), ['config.json', 'model.safetensors']],
      ['nyu-mll/glue', 'main', hub.commitOf('dataset', 'nyu-mll/glue'), ['rte/train-00000-of-00001.parquet']],
    ]);
    expect(seen).toHaveLength(2);
    const before = hub.requests.length;
    await hubDownload({ repo: 'nyu-mll/glue', repoType: 'dataset', path: 'rte/train-00000-of-00001.parquet', cacheDir: cache, offline: true });
    await hubSnapshotInfo({ repo: REPO, files: ['config.json', 'model.safetensors'], cacheDir: cache, offline: true });
    expect(hub.requests.length).toBe(before);
    await expect(prefetch([{ repo: 'nyu-mll/glue', repoType: 'dataset', include: ['mnli/*'] }], { hubUrl: hub.url, cacheDir: cache })).rejects.toThrow(/no file matches mnli\/\*/);
  });
});
