import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { startLoopbackHub, type LoopbackHub } from './server.ts';

// A repo made here (no ../shared needed): one git file, one LFS file in a subfolder.
const dir = mkdtempSync(join(tmpdir(), 'loop-'));
const config = '{"model_type":"bert"}\n';
const weights = new Uint8Array(Array.from({ length: 300 }, (_, i) => i % 251));
mkdirSync(join(dir, 'sub'));
writeFileSync(join(dir, 'config.json'), config);
writeFileSync(join(dir, 'sub', 'w.safetensors'), weights);

const sha1 = (s: string | Uint8Array) => createHash('sha1').update(s).digest('hex');
const sha256 = (s: Uint8Array) => createHash('sha256').update(s).digest('hex');

describe('loopback hub routes', () => {
  let hub: LoopbackHub;
  beforeAll(async () => (hub = await startLoopbackHub({ models: { 'o/m': dir } })));
  afterAll(() => hub.close());

  test('git file: ETag is the git blob id; HEAD carries the size, Range gives 206 + Content-Range', async () => {
    const head = await fetch(`${hub.url}/o/m/resolve/main/config.json`, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.headers.get('etag')).toBe(`"${sha1(`blob ${config.length}\0${config}`)}"`);
    expect(head.headers.get('content-length')).toBe(String(config.length));
    const part = await fetch(`${hub.url}/o/m/resolve/main/config.json`, { headers: { Range: 'bytes=2-11' } });
    expect(part.status).toBe(206);
    expect(part.headers.get('content-range')).toBe(`bytes 2-11/${config.length}`);
    expect(await part.text()).toBe(config.slice(2, 12));
    const tail = await fetch(`${hub.url}/o/m/resolve/main/config.json`, { headers: { Range: 'bytes=-3' } });
    expect(await tail.text()).toBe(config.slice(-3));
    const bad = await fetch(`${hub.url}/o/m/resolve/main/config.json`, { headers: { Range: 'bytes=500-' } });
    expect(bad.status).toBe(416);
    expect(bad.headers.get('content-range')).toBe(`bytes */${config.length}`);
  });

  test('LFS file: 302 with X-Linked-Size / X-Linked-ETag, the redirect serves the bytes', async () => {
    const r = await fetch(`${hub.url}/o/m/resolve/main/sub/w.safetensors`, { redirect: 'manual' });
    expect(r.status).toBe(302);
    expect(r.headers.get('x-linked-size')).toBe('300');
    expect(r.headers.get('x-linked-etag')).toBe(`"${sha256(weights)}"`);
    const full = await fetch(`${hub.url}/o/m/resolve/main/sub/w.safetensors`);
    expect(full.status).toBe(200);
    expect(new Uint8Array(await full.arrayBuffer())).toEqual(weights);
    expect(full.headers.get('etag')).toBe(`"${sha256(weights)}"`);
  });

  test('paths-info: JSON and form bodies; missing paths omitted; lfs block for LFS files', async () => {
    const json = await (await fetch(`${hub.url}/api/models/o/m/paths-info/main`, {
      method: 'POST', headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ paths: ['config.json', 'sub/w.safetensors', 'missing.txt', 'sub'] }),
    })).json();
    expect(json.map((e: { path: string; type: string }) => [e.path, e.type])).toEqual([
      ['config.json', 'file'], ['sub/w.safetensors', 'file'], ['sub', 'directory'],
    ]);
    expect(json[0]).toEqual({ type: 'file', oid: sha1(`blob ${config.length}\0${config}`), size: config.length, path: 'config.json' });
    const pointer = `version https://git-lfs.github.com/spec/v1\noid sha256:${sha256(weights)}\nsize 300\n`;
    expect(json[1].lfs).toEqual({ oid: sha256(weights), size: 300, pointerSize: pointer.length });
    expect(json[1].oid).toBe(sha1(`blob ${pointer.length}\0${pointer}`));
    const form = await (await fetch(`${hub.url}/api/models/o/m/paths-info/main`, {
      method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: 'paths=config.json&expand=True',
    })).json();
    expect(form[0].lastCommit.id).toMatch(/^[0-9a-f]{40}$/);
  });

  test('tree: non-recursive lists folders, recursive lists everything', async () => {
    const top = await (await fetch(`${hub.url}/api/models/o/m/tree/main?recursive=false`)).json();
    expect(top.map((e: { path: string; type: string }) => `${e.type}:${e.path}`)).toEqual(['file:config.json', 'directory:sub']);
    const all = await (await fetch(`${hub.url}/api/models/o/m/tree/main?recursive=true`)).json();
    expect(all.map((e: { path: string }) => e.path)).toEqual(['config.json', 'sub', 'sub/w.safetensors']);
    const sub = await (await fetch(`${hub.url}/api/models/o/m/tree/main/sub`)).json();
    expect(sub.map((e: { path: string }) => e.path)).toEqual(['sub/w.safetensors']);
  });

  test('errors carry the hub headers: RepoNotFound 401, RevisionNotFound / EntryNotFound 404; no path escapes', async () => {
    const repo = await fetch(`${hub.url}/x/y/resolve/main/config.json`);
    expect([repo.status, repo.headers.get('x-error-code'), await repo.json()]).toEqual([401, 'RepoNotFound', { error: 'Repository not found' }]);
    const rev = await fetch(`${hub.url}/o/m/resolve/dev/config.json`);
    expect([rev.status, rev.headers.get('x-error-code')]).toEqual([404, 'RevisionNotFound']);
    const entry = await fetch(`${hub.url}/o/m/resolve/main/nope.json`);
    expect([entry.status, entry.headers.get('x-error-code')]).toEqual([404, 'EntryNotFound']);
    const escape = await fetch(`${hub.url}/o/m/resolve/main/sub/%2E%2E/%2E%2E/etc/passwd`);
    expect(escape.status).toBe(404);
  });

  test('revision API gives the commit sha; publish moves main and keeps the old commit reachable', async () => {
    const first = hub.commitOf('model', 'o/m');
    const info = await (await fetch(`${hub.url}/api/models/o/m/revision/main`)).json();
    expect(info).toEqual({ id: 'o/m', sha: first, siblings: [{ rfilename: 'config.json' }, { rfilename: 'sub/w.safetensors' }] });
    const head = await fetch(`${hub.url}/o/m/resolve/main/config.json`, { method: 'HEAD' });
    expect(head.headers.get('x-repo-commit')).toBe(first);

    const next = mkdtempSync(join(tmpdir(), 'loop-'));
    writeFileSync(join(next, 'config.json'), '{"model_type":"gpt2"}\n');
    const second = hub.publish('model', 'o/m', next);
    expect(second).toMatch(/^[0-9a-f]{40}$/);
    expect(second).not.toBe(first);
    expect((await (await fetch(`${hub.url}/api/models/o/m/revision/main`)).json()).sha).toBe(second);
    expect(await (await fetch(`${hub.url}/o/m/resolve/main/config.json`)).text()).toBe('{"model_type":"gpt2"}\n');
    expect(await (await fetch(`${hub.url}/o/m/resolve/${first}/config.json`)).text()).toBe(config);
    const gone = await fetch(`${hub.url}/o/m/resolve/main/sub/w.safetensors`);
    expect(gone.status).toBe(404);
    hub.publish('model', 'o/m', dir); // back to the first content for the other tests
  });

  test('faults: short, corrupt and error500 answers, then normal service; range probes are not faulted', async () => {
    hub.fault('config.json', { kind: 'short', afterBytes: 5, times: 1 });
    const probe = await fetch(`${hub.url}/o/m/resolve/main/config.json`, { headers: { Range: 'bytes=0-0' } });
    expect(probe.status).toBe(206);
    await probe.arrayBuffer();
    const short = await fetch(`${hub.url}/o/m/resolve/main/config.json`);
    expect(await short.text()).toBe(config.slice(0, 5));
    expect(await (await fetch(`${hub.url}/o/m/resolve/main/config.json`)).text()).toBe(config);
    hub.fault('sub/w.safetensors', { kind: 'corrupt' });
    const bad = new Uint8Array(await (await fetch(`${hub.url}/o/m/resolve/main/sub/w.safetensors`)).arrayBuffer());
    expect(bad.length).toBe(weights.length);
    expect(bad.filter((b, i) => b !== weights[i]).length).toBe(16);
    hub.fault('config.json', { kind: 'error500' });
    expect((await fetch(`${hub.url}/o/m/resolve/main/config.json`)).status).toBe(500);
    expect(hub.downloads.slice(-4)).toEqual(['config.json', 'config.json', 'sub/w.safetensors', 'config.json']);
  });

  test('every request is recorded', () => {
    expect(hub.requests).toContain('HEAD /o/m/resolve/main/config.json');
    expect(hub.requests).toContain('GET /api/models/o/m/tree/main?recursive=true');
  });
});
