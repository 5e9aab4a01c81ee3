import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync, truncateSync, mkdirSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parquetWriteBuffer } from 'hyparquet-writer';
import { hasShared, InputError, sharedDir } from '@peftbench/util';
import { hubDownload } from './download.ts';
import { hubSnapshot, listRepoFiles } from './snapshot.ts';
import { readParquet } from './parquet.ts';
import { startLoopbackHub, type LoopbackHub } from './testing.ts';

const bert1 = join(sharedDir, 'fixtures', 'hf-parity', 'bert-1');
const haveFixture = hasShared('fixtures/hf-parity/bert-1');
if (!haveFixture) console.log(`skipping hub download tests: ${bert1} is absent`);

const REPO = 'peftbench-test/bert-1';
const tmp = () => mkdtempSync(join(tmpdir(), 'hub-'));

describe.skipIf(!haveFixture)('hubDownload through the loopback hub', () => {
  let hub: LoopbackHub;
  let datasetDir: string;
  const rows = [
    { sentence: 'a gripping, funny film', label: 1 },
    { sentence: 'tedious and overlong', label: 0 },
    { sentence: 'héllo ✓ unicode', label: 1 },
  ];

  beforeAll(async () => {
    datasetDir = tmp();
    mkdirSync(join(datasetDir, 'data'));
    const buf = parquetWriteBuffer({
      columnData: [
        { name: 'sentence', data: rows.map((r) => r.sentence), type: 'STRING' },
        { name: 'label', data: Int32Array.from(rows.map((r) => r.label)), type: 'INT32' },
      ],
    });
    writeFileSync(join(datasetDir, 'data', 'train-00000-of-00001.parquet'), new Uint8Array(buf));
    writeFileSync(join(datasetDir, 'README.md'), '# tiny\n');
    hub = await startLoopbackHub({ models: { [REPO]: bert1 }, datasets: { 'peftbench-test/tiny-sst2': datasetDir } });
  });
  afterAll(() => hub?.close());

  test('downloads an LFS file into <cache>/models--org--name/snapshots/<commit>/<path>, verified, then reuses it with no request', async () => {
    const cache = tmp();
    const commit = hub.commitOf('model', REPO);
    const local = await hubDownload({ repo: REPO, path: 'model.safetensors', hubUrl: hub.url, cacheDir: cache });
    expect(local).toBe(join(cache, 'models--peftbench-test--bert-1', 'snapshots', commit, 'model.safetensors'));
    expect(Buffer.compare(readFileSync(local), readFileSync(join(bert1, 'model.safetensors')))).toBe(0);
    const first = hub.requests.length;
    expect(hub.requests).toContain(`GET /api/models/${REPO}/revision/main`);
    expect(hub.requests.some((r) => r.startsWith(`POST /api/models/${REPO}/paths-info/${commit}`))).toBe(true);
    expect(hub.requests.some((r) => r === `GET /${REPO}/resolve/${commit}/model.safetensors`)).toBe(true);

    const again = await hubDownload({ repo: REPO, path: 'model.safetensors', hubUrl: hub.url, cacheDir: cache });
    expect(again).toBe(local);
    expect(hub.requests.length).toBe(first);
    // offline also works once cached
    expect(await hubDownload({ repo: REPO, path: 'model.safetensors', hubUrl: hub.url, cacheDir: cache, offline: true })).toBe(local);
    expect(hub.requests.length).toBe(first);
  });

  test('a cached file of the wrong size (truncated through its snapshot link) is detected and fetched again', async () => {
    const cache = tmp();
    const local = await hubDownload({ repo: REPO, path: 'config.json', hubUrl: hub.url, cacheDir: cache });
    const good = readFileSync(local);
    truncateSync(local, 10);
    const before = hub.requests.length;
    expect(await hubDownload({ repo: REPO, path: 'config.json', hubUrl: hub.url, cacheDir: cache })).toBe(local);
    expect(hub.requests.length).toBeGreaterThan(before);
    expect(Buffer.compare(readFileSync(local), good)).toBe(0);
    expect(JSON.parse(good.toString('utf8')).model_type).toBe('bert');
  });

  test('a missing file gives an InputError naming the repo and the file', async () => {
    const err = await hubDownload({ repo: REPO, path: 'nope.bin', hubUrl: hub.url, cacheDir: tmp() }).catch((e) => e);
    expect(err).toBeInstanceOf(InputError);
    expect(err.message).toBe(`model ${REPO}@main: nope.bin: no such file on ${hub.url}`);
  });

  test('a missing repo and a missing revision are reported with the hub error', async () => {
    const repoErr = await hubDownload({ repo: 'nobody/none', path: 'config.json', hubUrl: hub.url, cacheDir: tmp() }).catch((e) => e);
    expect(repoErr).toBeInstanceOf(InputError);
    expect(repoErr.message).toMatch(/^model nobody\/none@main: not found on http:\/\/127\.0\.0\.1:\d+ \(401: Repository not found/);
    const revErr = await hubDownload({ repo: REPO, revision: 'v9', path: 'config.json', hubUrl: hub.url, cacheDir: tmp() }).catch((e) => e);
    expect(revErr.message).toMatch(/@v9: not found .*\(404: Invalid rev id: v9/);
  });

  test('offline (option or PEFTBENCH_OFFLINE=1) names the missing file and makes no request', async () => {
    const cache = tmp();
    const before = hub.requests.length;
    await expect(hubDownload({ repo: REPO, path: 'config.json', hubUrl: hub.url, cacheDir: cache, offline: true })).rejects.toThrow(
      `model ${REPO}@main: not in the cache (${join(cache, 'models--peftbench-test--bert-1', 'refs', 'main')} is missing) and offline mode is on; ` +
        `go online once (unset PEFTBENCH_OFFLINE / HF_HUB_OFFLINE), or fill the cache ahead with \`peftbench download ${REPO}\``,
    );
    process.env.PEFTBENCH_OFFLINE = '1';
    try {
      await expect(hubDownload({ repo: REPO, path: 'config.json', hubUrl: hub.url, cacheDir: cache })).rejects.toThrow(/offline mode is on/);
    } finally {
      delete process.env.PEFTBENCH_OFFLINE;
    }
    expect(hub.requests.length).toBe(before);
  });

  test('hub URL comes from PEFTBENCH_HUB_URL when no option is given', async () => {
    process.env.PEFTBENCH_HUB_URL = hub.url;
    try {
      const local = await hubDownload({ repo: REPO, path: 'inputs.json', cacheDir: tmp() });
      expect(readFileSync(local, 'utf8')).toBe(readFileSync(join(bert1, 'inputs.json'), 'utf8'));
    } finally {
      delete process.env.PEFTBENCH_HUB_URL;
    }
  });

  test('hubSnapshot fetches a model folder; listRepoFiles lists the repo', async () => {
    const cache = tmp();
    const files = await listRepoFiles({ repo: REPO, hubUrl: hub.url });
    expect(files).toEqual(['config.json', 'expected.json', 'inputs.json', 'model.safetensors']);
    const dir = await hubSnapshot({ repo: REPO, files: ['config.json', 'model.safetensors'], hubUrl: hub.url, cacheDir: cache });
    expect(dir).toBe(join(cache, 'models--peftbench-test--bert-1', 'snapshots', hub.commitOf('model', REPO)));
    expect(existsSync(join(dir, 'config.json')) && existsSync(join(dir, 'model.safetensors'))).toBe(true);
    expect(existsSync(join(dir, 'expected.json'))).toBe(false);
  });

  test('hubSnapshot skips optional files the repo lacks, remembers that, and still fails on a missing required file', async () => {
    const cache = tmp();
    const files = ['config.json', 'model.safetensors', 'tokenizer.json', 'generation_config.json'];
    const dir = await hubSnapshot({ repo: REPO, files, optional: files.slice(2), hubUrl: hub.url, cacheDir: cache });
    expect(existsSync(join(dir, 'model.safetensors'))).toBe(true);
    expect(existsSync(join(dir, 'tokenizer.json'))).toBe(false);
    const before = hub.requests.length;
    expect(await hubSnapshot({ repo: REPO, files, optional: files.slice(2), hubUrl: hub.url, cacheDir: cache })).toBe(dir);
    expect(hub.requests.length).toBe(before); // nothing re-asked, not even the absent files
    await expect(hubSnapshot({ repo: REPO, files: ['config.json', 'tokenizer.json'], hubUrl: hub.url, cacheDir: cache })).rejects.toThrow(
      `model ${REPO}@main: tokenizer.json: no such file on ${hub.url}`,
    );
  });

  test('a dataset parquet file round-trips through hubDownload and readParquet', async () => {
    const cache = tmp();
    expect(await listRepoFiles({ repo: 'peftbench-test/tiny-sst2', repoType: 'dataset', hubUrl: hub.url })).toEqual([
      'README.md', 'data/train-00000-of-00001.parquet',
    ]);
    const local = await hubDownload({
      repo: 'peftbench-test/tiny-sst2', repoType: 'dataset', path: 'data/train-00000-of-00001.parquet', hubUrl: hub.url, cacheDir: cache,
    });
    const commit = hub.commitOf('dataset', 'peftbench-test/tiny-sst2');
    expect(local).toBe(join(cache, 'datasets--peftbench-test--tiny-sst2', 'snapshots', commit, 'data', 'train-00000-of-00001.parquet'));
    expect(hub.requests).toContain(`POST /api/datasets/peftbench-test/tiny-sst2/paths-info/${commit}`);
    expect(await readParquet(local)).toEqual(rows);
    expect(await readParquet(local, { columns: ['label'] })).toEqual(rows.map((r) => ({ label: r.label })));
  });
});

describe('readParquet errors', () => {
  test('a file that is not parquet is an InputError naming it', async () => {
    const p = join(tmp(), 'bad.parquet');
    writeFileSync(p, 'not parquet at all');
    await expect(readParquet(p)).rejects.toThrow(new RegExp(`^${p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: not a readable parquet file`));
    await expect(readParquet(join(tmp(), 'missing.parquet'))).rejects.toBeInstanceOf(InputError);
  });
});
