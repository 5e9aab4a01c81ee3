/** `peftbench download` and `peftbench cache verify|list` against the loopback hub (repo made here). */
import { afterAll, afterEach, beforeAll, describe, expect, test, vi } from 'vitest';
import { mkdtempSync, openSync, readdirSync, closeSync, writeFileSync, writeSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startLoopbackHub, type LoopbackHub } from '@peftbench/hub/testing';
import { main } from './main.ts';

const tmp = () => mkdtempSync(join(tmpdir(), 'cli-hub-'));

describe('peftbench download / cache', () => {
  let hub: LoopbackHub;
  let out: string[];
  const capture = () => {
    out = [];
    vi.spyOn(console, 'log').mockImplementation((...a) => void out.push(a.join(' ')));
    vi.spyOn(console, 'error').mockImplementation((...a) => void out.push(a.join(' ')));
  };
  beforeAll(async () => {
    const model = tmp();
    writeFileSync(join(model, 'config.json'), '{"model_type":"bert"}\n');
    writeFileSync(join(model, 'model.safetensors'), Buffer.alloc(4096, 7));
    writeFileSync(join(model, 'README.md'), '# not downloaded by default\n');
    const data = tmp();
    writeFileSync(join(data, 'train.parquet'), 'rows');
    hub = await startLoopbackHub({ models: { 'org/tiny': model }, datasets: { 'org/data': data } });
  });
  afterAll(() => hub?.close());
  afterEach(() => vi.restoreAllMocks());

  test('download fills the cache (model default files + a dataset), then runs offline with no request; verify checks it', async () => {
    const cache = tmp();
    capture();
    expect(await main(['download', 'hf:org/tiny', '--dataset', 'org/data', '--hub-url', hub.url, '--cache-dir', cache])).toBe(0);
    const commit = hub.commitOf('model', 'org/tiny');
    expect(out[0]).toBe(`model org/tiny@main -> commit ${commit}: 2 files, 4.0 KiB`);
    expect(out[1]).toMatch(/^dataset org\/data@main -> commit [0-9a-f]{40}: 1 file, 4 B$/);
    expect(out.join('\n')).toContain(`HF_HUB_CACHE=${cache}`);
    expect(readdirSync(join(cache, 'models--org--tiny', 'snapshots', commit)).sort()).toEqual(['config.json', 'model.safetensors']);

    const before = hub.requests.length;
    process.env.HF_HUB_OFFLINE = '1';
    try {
      capture();
      const code = await main(['download', `org/tiny@${commit}`, '--json', '--cache-dir', cache, '--hub-url', hub.url]);
      expect(code, out.join('\n')).toBe(0);
      expect(JSON.parse(out.join('\n'))[0]).toMatchObject({ repo: 'org/tiny', commit, files: ['config.json', 'model.safetensors'] });
      capture();
      expect(await main(['download', 'org/other', '--cache-dir', cache, '--hub-url', hub.url])).toBe(1);
      expect(out.join('\n')).toMatch(/^peftbench download: model org\/other@main: not in the cache .* offline mode is on; go online once .*`peftbench download org\/other`/);
    } finally {
      delete process.env.HF_HUB_OFFLINE;
    }
    expect(hub.requests.length).toBe(before);

    capture();
    expect(await main(['cache', 'verify', '--cache-dir', cache])).toBe(0);
    expect(out.at(-1)).toBe(`${cache}: 3 files checked, 3 ok, 0 corrupt or missing, 3 blobs hashed`);
    capture();
    expect(await main(['cache', 'list', '--cache-dir', cache])).toBe(0);
    expect(out).toContain(`  ${commit} (main)  2 files`);
  });

  test('cache verify reports a corrupted file (same size, same mtime) with exit status 1; --remove clears it', async () => {
    const cache = tmp();
    capture();
    expect(await main(['download', 'org/tiny', '--hub-url', hub.url, '--cache-dir', cache])).toBe(0);
    const blobs = join(cache, 'models--org--tiny', 'blobs');
    const big = readdirSync(blobs).find((b) => b.length === 64)!;
    const fd = openSync(join(blobs, big), 'r+');
    writeSync(fd, Buffer.alloc(16, 1), 0, 16, 10);
    closeSync(fd);
    utimesSync(join(blobs, big), new Date(0), new Date(0));
    capture();
    expect(await main(['cache', 'verify', 'org/tiny', '--cache-dir', cache])).toBe(1);
    expect(out[0]).toMatch(new RegExp(`^CORRUPT models--org--tiny/snapshots/[0-9a-f]{40}/model.safetensors: sha256 of .* says ${big}`));
    capture();
    expect(await main(['cache', 'verify', '--remove', '--cache-dir', cache])).toBe(1);
    capture();
    expect(await main(['cache', 'verify', '--cache-dir', cache])).toBe(0);
    capture();
    expect(await main(['download', 'org/tiny', '--hub-url', hub.url, '--cache-dir', cache])).toBe(0);
    expect(readdirSync(blobs)).toContain(big);
  });

  test('--include picks dataset files, --model-include model files', async () => {
    const cache = tmp();
    capture();
    expect(await main(['download', 'org/tiny', '--model-include', '*.md', '--dataset', 'org/data', '--include', 'nothing/*', '--hub-url', hub.url, '--cache-dir', cache])).toBe(1);
    expect(out.join('\n')).toMatch(/dataset org\/data@main: no file matches nothing\/\*/);
    expect(out[0]).toMatch(/^model org\/tiny@main -> commit [0-9a-f]{40}: 1 file, 28 B$/);
  });

  test('usage errors', async () => {
    capture();
    expect(await main(['download'])).toBe(1);
    expect(out[0]).toMatch(/name at least one repo/);
    capture();
    expect(await main(['download', 'o/m', '--retries', 'x'])).toBe(1);
    expect(out[0]).toMatch(/--retries: expected an integer/);
    capture();
    expect(await main(['cache', 'frob'])).toBe(1);
    expect(out[0]).toMatch(/unknown subcommand 'frob'/);
  });
});
