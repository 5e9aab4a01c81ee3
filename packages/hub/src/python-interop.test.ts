/**
 * The same cache for Python and peftbench, checked with Python's own huggingface_hub (0.17.3, vendored in
 * ../shared/tools/hf-oracle; needs Debian's python3 with requests, filelock, tqdm): Python downloads from
 * the loopback hub and peftbench reads that cache offline with no request; peftbench downloads and
 * Python reads that cache with HF_HUB_OFFLINE=1.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { execFile, spawnSync } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hasShared, sharedDir } from '@peftbench/util';
import { hubSnapshotInfo } from './snapshot.ts';
import { verifyCache } from './verify.ts';
import { startLoopbackHub, type LoopbackHub } from './testing.ts';

const vendor = join(sharedDir, 'tools/hf-oracle/vendor/huggingface_hub-0.17.3');
const python = process.env.PEFTBENCH_PYTHON ?? '/usr/bin/python3';
const pyOk = hasShared('tools/hf-oracle/vendor/huggingface_hub-0.17.3') &&
  spawnSync(python, ['-c', `import sys; sys.path.insert(0, ${JSON.stringify(vendor)}); import huggingface_hub.file_download`]).status === 0;
if (!pyOk) console.log(`skipping the Python huggingface_hub interop test: ${vendor} or ${python} with requests/filelock/tqdm is missing`);

const script = `
import sys, os, json
sys.path.insert(0, ${JSON.stringify(vendor)})
from huggingface_hub import hf_hub_download
url, cache, repo, files = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4:]
print(json.dumps([hf_hub_download(repo, f, cache_dir=cache, endpoint=url) for f in files]))
`;
// asynchronous: the loopback hub answers from this same process
const pyDownload = async (url: string, cache: string, repo: string, files: string[], env: NodeJS.ProcessEnv = {}) =>
  JSON.parse((await promisify(execFile)(python, ['-c', script, url, cache, repo, ...files], { env: { ...process.env, HF_HUB_DISABLE_PROGRESS_BARS: '1', ...env }, encoding: 'utf8' })).stdout) as string[];

describe.skipIf(!pyOk)('cache interop with Python huggingface_hub 0.17.3', () => {
  let hub: LoopbackHub;
  const dir = mkdtempSync(join(tmpdir(), 'interop-repo-'));
  const files = ['config.json', 'model.safetensors'];
  beforeAll(async () => {
    writeFileSync(join(dir, 'config.json'), '{"model_type":"bert"}\n');
    writeFileSync(join(dir, 'model.safetensors'), Buffer.from(Array.from({ length: 50_000 }, (_, i) => i % 253)));
    hub = await startLoopbackHub({ models: { 'org/tiny': dir } });
  });
  afterAll(() => hub?.close());

  test("peftbench reads Python's cache offline with no request, and verifies it", async () => {
    const cache = mkdtempSync(join(tmpdir(), 'interop-py-'));
    const paths = await pyDownload(hub.url, cache, 'org/tiny', files);
    const commit = hub.commitOf('model', 'org/tiny');
    expect(paths).toEqual(files.map((f) => join(cache, 'models--org--tiny', 'snapshots', commit, f)));
    const before = hub.requests.length;
    const info = await hubSnapshotInfo({ repo: 'org/tiny', files, cacheDir: cache, hubUrl: hub.url });
    expect(info.commit).toBe(commit);
    expect(hub.requests.length).toBe(before);
    expect((await verifyCache({ cacheDir: cache })).entries.map((e) => e.status)).toEqual(['ok', 'ok']);
  });

  test("Python reads peftbench's cache with HF_HUB_OFFLINE=1", async () => {
    const cache = mkdtempSync(join(tmpdir(), 'interop-pb-'));
    const info = await hubSnapshotInfo({ repo: 'org/tiny', files, cacheDir: cache, hubUrl: hub.url });
    const paths = await pyDownload('http://127.0.0.1:9', cache, 'org/tiny', files, { HF_HUB_OFFLINE: '1' });
    expect(paths).toEqual(files.map((f) => join(info.dir, f)));
    for (const f of files) expect(readFileSync(join(info.dir, f))).toEqual(readFileSync(join(dir, f)));
  });
});
