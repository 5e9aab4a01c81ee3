import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { hasShared, sharedDir } from '@peftbench/util';
import { loadGlue } from './load.ts';
import { applyProtocol, parseProtocol } from './protocols.ts';

describe('protocols on the demo suite', () => {
  test("'dev' and 'id3': validation and test are the whole dev set", async () => {
    const d = await loadGlue('rte', { source: { kind: 'demo', seed: 1, size: 100 } });
    for (const p of ['dev', 'id3'] as const) {
      const s = applyProtocol(d, p, 5);
      expect(s.train).toBe(d.splits.train);
      expect(s.validation).toBe(d.splits.validation);
      expect(s.test).toBe(d.splits.validation);
    }
  });

  test("'red-split': a seeded partition of dev, ceil(n/2) validation for small tasks", async () => {
    const d = await loadGlue('rte', { source: { kind: 'demo', seed: 1, size: 100 } }); // dev 40
    const a = applyProtocol(d, 'red-split', 5);
    expect(a.validation).toHaveLength(20);
    expect(a.test).toHaveLength(20);
    const ids = [...a.validation, ...a.test].map((e) => e.idx).sort((x, y) => x - y);
    expect(ids).toEqual(d.splits.validation.map((e) => e.idx));
    expect(applyProtocol(d, 'red-split', 5).validation).toEqual(a.validation);
    expect(applyProtocol(d, 'red-split', 6).validation).not.toEqual(a.validation);
  });

  test("'red-split' MNLI: 1,000 validation, the rest test, for matched and mismatched", async () => {
    const d = await loadGlue('mnli', { source: { kind: 'demo', seed: 2, size: 3000 } }); // dev 1200
    const s = applyProtocol(d, 'red-split', 1);
    expect([s.validation.length, s.test.length]).toEqual([1000, 200]);
    expect([s.mismatched!.validation.length, s.mismatched!.test.length]).toEqual([1000, 200]);
  });

  test('unknown protocol', () => {
    expect(() => parseProtocol('cv')).toThrow(/unknown evaluation protocol 'cv'/);
  });
});

describe.skipIf(!hasShared('data/glue'))('red-split sizes on the real dev sets match RED Table 8', () => {
  const source = { kind: 'folder' as const, dir: join(sharedDir, 'data', 'glue') };
  test.each([
    ['cola', 522, 521],
    ['sst2', 436, 436],
    ['mrpc', 204, 204],
    ['stsb', 750, 750],
    ['rte', 139, 138],
  ])('%s: %i / %i', async (task, v, t) => {
    const s = applyProtocol(await loadGlue(task, { source }), 'red-split', 42);
    expect([s.validation.length, s.test.length]).toEqual([v, t]);
  });
  test('qnli: 1,000 / 4,463', async () => {
    const s = applyProtocol(await loadGlue('qnli', { source, files: { train: 'kshot-16-42/train.tsv' } }), 'red-split', 42);
    expect([s.validation.length, s.test.length]).toEqual([1000, 4463]);
  });
});
