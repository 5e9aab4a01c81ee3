/**
 * ID3 Figures 5, 8 and 9 from hand-made result files (shaped as selective runs write them: budgetScores,
 * sparsityTrace, layerStats): the files pass the runner's record check, the figure data picks the learning
 * rate with the best mean score and averages its seeds, and the PNGs are drawn one panel per task. The PNGs
 * are written under reports/test-output/id3-figures/ for a person to look at.
 */
import { describe, expect, test } from 'vitest';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { budgetFigureData, renderBudgetFigure, renderLayerFigure, renderSparsityFigure } from './figures.ts';
import { loadSweepResults, type ResultRecord } from './result-files.ts';
import { makeRecord } from './testing/records.ts';

const outputDir = join(dirname(fileURLToPath(import.meta.url)), '..', 'test-output', 'id3-figures');
const label = (m: string) => ({ id3: 'ID3', 'repeat-d3': 'repeat-D3' })[m] ?? m;

/** A selective run: Figure 5 scores at checkpoints (budget, |Λ|, score), and a trace of `steps` iterations. */
function run(a: { task: string; method: string; seed: number; lr: number; value: number; metric: string; checkpoints?: [number, number, number][] }) {
  const B = 320_000;
  const r = makeRecord({
    task: a.task, method: a.method, seed: a.seed, lr: a.lr, value: a.value, metric: a.metric, protocol: 'id3', sweep: 'id3-fig5',
    methodConfig: a.checkpoints ? { budget: B, checkpointBudgets: a.checkpoints.map((c) => c[0]) } : { budget: B },
  });
  const result = r.result as ResultRecord['result'];
  if (a.checkpoints) result.budgetScores = a.checkpoints.map(([budget, budgetUsed, y], i) => ({ budget, budgetUsed, step: 10 * (i + 1), metrics: { [a.metric]: y } }));
  // increment-S: sparsity falls as Λ grows; repeat-S: low from the start
  const inc = a.method === 'id3';
  result.sparsityTrace = [1, 2, 3].map((step) => ({
    step, budgetUsed: inc ? step * 1000 : B, tensors: 10, tensorSparsity: inc ? 1 - step / 5 + a.seed / 100 : 0.1, entropy: inc ? step / 3 : 2, entropyNormalized: inc ? step / 10 : 0.6,
  }));
  result.layerStats = [0, 1].map((layer) => ({ layer, tensors: 4, chosen: 100 * (layer + 1), size: 1000, sparsity: 0.5, entropy: 0.3, density: 0.1 * (layer + 1), share: (layer + 1) / 3 }));
  return r;
}

function records(): { dir: string; all: ReturnType<typeof run>[] } {
  const all: ReturnType<typeof run>[] = [];
  for (const seed of [6, 7]) {
    // CoLA: the 3e-4 runs score better and are drawn; the 1e-4 runs' checkpoints must not show
    all.push(run({ task: 'cola', method: 'id3', seed, lr: 3e-4, value: 0.6 + seed / 100, metric: 'mcc', checkpoints: [[10_000, 10_000 + 400 * (seed - 5), 0.4 + (seed - 6) * 0.04], [320_000, 320_000, 0.6 + seed / 100]] }));
    all.push(run({ task: 'cola', method: 'id3', seed, lr: 1e-4, value: 0.3, metric: 'mcc', checkpoints: [[10_000, 10_000, 0.1], [320_000, 320_000, 0.3]] }));
    all.push(run({ task: 'cola', method: 'repeat-d3', seed, lr: 3e-4, value: 0.5 + (seed - 6) * 0.02, metric: 'mcc' }));
    all.push(run({ task: 'rte', method: 'id3', seed, lr: 3e-4, value: 0.7, metric: 'accuracy', checkpoints: [[10_000, 10_000, 0.55], [160_000, 160_200, 0.65], [320_000, 320_000, 0.7]] }));
    all.push(run({ task: 'rte', method: 'repeat-d3', seed, lr: 3e-4, value: 0.66, metric: 'accuracy' }));
  }
  const dir = join(mkdtempSync(join(tmpdir(), 'id3-figures-')), 'id3-fig5');
  mkdirSync(dir, { recursive: true });
  for (const r of all) writeFileSync(join(dir, `${r.id}.json`), JSON.stringify(r));
  return { dir, all };
}

/** Width and height from a PNG's IHDR chunk. */
const pngSize = (png: Buffer) => {
  expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return [png.readUInt32BE(16), png.readUInt32BE(20)];
};

describe('ID3 Figures 5, 8 and 9 from result files', () => {
  const { dir } = records();
  const loaded = loadSweepResults(dir, 'id3-fig5');

  test('the hand-made files pass the runner\'s record check (budgetScores, sparsityTrace, layerStats shapes)', () => {
    expect(loaded.unreadable).toEqual([]);
    expect(loaded.records.length).toBe(10);
  });

  test('a file with a malformed budgetScores entry is left out, naming the place', () => {
    const bad = run({ task: 'mrpc', method: 'id3', seed: 6, lr: 3e-4, value: 0.8, metric: 'accuracy', checkpoints: [[10_000, 10_000, 0.8]] });
    delete (bad.result.budgetScores![0] as Partial<{ budgetUsed: number }>).budgetUsed;
    const d = mkdtempSync(join(tmpdir(), 'id3-figures-bad-'));
    writeFileSync(join(d, `${bad.id}.json`), JSON.stringify(bad));
    expect(loadSweepResults(d, 'bad').unreadable[0].reason).toMatch(/^\[result\.budgetScores\[0\]\.budgetUsed\]/);
  });

  test('Figure 5 data: per task, the best learning rate\'s checkpoints averaged over seeds; repeat-D3 one point', () => {
    const data = budgetFigureData(loaded.records);
    expect(data.map((p) => p.task)).toEqual(['cola', 'rte']);
    const cola = Object.fromEntries(data[0].series.map((s) => [s.method, s]));
    expect(cola.id3.metric).toBe('mcc');
    // |Λ| (10400 + 10800) / 2 at the first checkpoint; mcc (0.40 + 0.44) / 2, then (0.66 + 0.67) / 2
    expect(cola.id3.points.map((p) => p.x)).toEqual([10_600, 320_000]);
    expect(cola.id3.points[0].y).toBeCloseTo(0.42, 12);
    expect(cola.id3.points[1].y).toBeCloseTo(0.665, 12);
    expect(cola['repeat-d3'].points).toHaveLength(1);
    expect(cola['repeat-d3'].points[0].x).toBe(320_000);
    expect(cola['repeat-d3'].points[0].y).toBeCloseTo(0.51, 12);
    expect(data[1].series.find((s) => s.method === 'id3')!.points.map((p) => p.x)).toEqual([10_000, 160_200, 320_000]);
  });

  test('the PNGs: one 440-pixel panel per task; null without the fields', async () => {
    mkdirSync(outputDir, { recursive: true });
    const fig5 = await renderBudgetFigure(loaded.records, label);
    const fig8 = await renderSparsityFigure(loaded.records, 'sparsity', label);
    const fig9 = await renderSparsityFigure(loaded.records, 'entropy', label);
    const layers = await renderLayerFigure(loaded.records, 'share', label);
    for (const [name, png] of [['figure5', fig5], ['figure8', fig8], ['figure9', fig9], ['layers', layers]] as const) {
      expect(png, name).not.toBeNull();
      expect(pngSize(png!), name).toEqual([2 * 440, 400 + 30]); // a one-line title over two panels
      writeFileSync(join(outputDir, `${name}.png`), png!);
    }
    const bare = loaded.records.map((r) => ({ ...r, result: { ...r.result, budgetScores: undefined, sparsityTrace: undefined, layerStats: undefined } }));
    expect(await renderSparsityFigure(bare, 'sparsity', label)).toBeNull();
    expect(await renderLayerFigure(bare, 'share', label)).toBeNull();
    // without budgetScores the runs have one config budget each: no curve of two points
    expect(await renderBudgetFigure(bare, label)).toBeNull();
    // one run with one checkpoint is still drawn (a point, not a flat line)
    const one = run({ task: 'mrpc', method: 'id3', seed: 6, lr: 3e-4, value: 0.8, metric: 'accuracy', checkpoints: [[10_000, 10_100, 0.75]] });
    expect(budgetFigureData([one as ResultRecord])).toEqual([{ task: 'mrpc', series: [{ method: 'id3', metric: 'accuracy', checkpoints: true, points: [{ x: 10_100, y: 0.75 }] }] }]);
    const [w, h] = pngSize((await renderBudgetFigure([one as ResultRecord], label))!);
    expect([w, h > 430]).toEqual([440, true]); // the title wraps over one panel
  });
});
