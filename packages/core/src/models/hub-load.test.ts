/** Loading `hf:<repo>` goes through the hub client and its cache; here the hub is a loopback server. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { startLoopbackHub } from '@peftbench/hub/testing';
import { hasShared, sharedDir } from '@peftbench/util';
import { loadModel } from './index.ts';
import { initBackendForTests } from '../testing.ts';

const fixture = join(sharedDir, 'fixtures/hf-parity/bert-1');

describe.skipIf(!hasShared('fixtures/hf-parity'))('loading from the hub (loopback)', () => {
  let hub: Awaited<ReturnType<typeof startLoopbackHub>>;
  const cache = mkdtempSync(join(tmpdir(), 'peftbench-hub-cache-'));
  beforeAll(async () => {
    await initBackendForTests();
    hub = await startLoopbackHub({ models: { 'peftbench-test/bert-1': fixture } });
  });
  afterAll(() => hub?.close());

  test('hf:<repo> loads the same model as the local folder, then works offline from the cache', async () => {
    const input = { inputIds: [[2, 31, 89, 64, 3]], attentionMask: [[1, 1, 1, 1, 1]] };
    const local = await loadModel(fixture, { task: 'sequence-classification' });
    const remote = await loadModel('hf:peftbench-test/bert-1', { task: 'sequence-classification', hubUrl: hub.url, cacheDir: cache });
    expect(remote.dir.startsWith(cache)).toBe(true);
    const a = tf.tidy(() => local.model.forward(input).logits!.arraySync());
    const b = tf.tidy(() => remote.model.forward(input).logits!.arraySync());
    expect(b).toEqual(a);
    const requests = hub.requests.length;
    expect(requests).toBeGreaterThan(0);
    const again = await loadModel('hf:peftbench-test/bert-1', { task: 'sequence-classification', hubUrl: hub.url, cacheDir: cache });
    expect(hub.requests.length).toBe(requests); // served from the cache
    const commit = hub.commitOf('model', 'peftbench-test/bert-1');
    expect(remote.hub).toEqual({ repo: 'peftbench-test/bert-1', revision: 'main', commit });
    expect(remote.dir).toBe(join(cache, 'models--peftbench-test--bert-1', 'snapshots', commit));
    // a pinned commit in the source, offline: the same snapshot, no request
    const pinned = await loadModel(`hf:peftbench-test/bert-1@${commit}`, { task: 'sequence-classification', hubUrl: 'http://127.0.0.1:9', cacheDir: cache });
    expect(pinned.hub).toEqual({ repo: 'peftbench-test/bert-1', revision: commit, commit });
    expect(hub.requests.length).toBe(requests);
    [local, remote, again, pinned].forEach((m) => m.model.dispose());
  });

  test('an unknown repo is a clear error', async () => {
    await expect(loadModel('hf:peftbench-test/nope', { task: 'sequence-classification', hubUrl: hub.url, cacheDir: cache })).rejects.toThrow(/nope/);
  });
});
