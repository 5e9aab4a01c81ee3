import { describe, expect, test } from 'vitest';
import { z } from 'zod';
import type { PaperTable } from '@peftbench/papers';
import { buildTable } from './table.ts';
import { columnMetric, layouts, type Layout } from './layouts.ts';
import { buildLayoutTable } from './build.ts';
import { renderMarkdown } from './render-markdown.ts';
import { renderCsv } from './render-csv.ts';
import { makeRecord, TEST_METHODS } from './testing/records.ts';
import { formatParams } from './format.ts';

/** A paper table in RED's column order with round numbers, so expected differences are easy to state. */
const toyRed: PaperTable = {
  paper: 'red', paperTitle: 'Toy RED', id: 'table1', caption: '', model: 'RoBERTa-base', dataset_or_benchmark: 'GLUE', metric_per_column: {},
  columns: ['MNLI', 'SST-2', 'MRPC', 'CoLA', 'QNLI', 'QQP', 'RTE', 'STS-B', 'Avg.'],
  average_column: 'Avg.',
  average_over: ['MNLI', 'SST-2', 'MRPC', 'CoLA', 'QNLI', 'QQP', 'RTE', 'STS-B'],
  rows: [
    { method: 'LoRA', model: 'RoBERTa-base', trainable_params: '0.3M', values: { MNLI: 80, 'SST-2': 90, MRPC: 85, CoLA: 60, QNLI: 90, QQP: 90, RTE: 70, 'STS-B': 88, 'Avg.': 81.6 } },
    { method: 'RED', model: 'RoBERTa-base', trainable_params: '0.02M', values: { MNLI: 80, 'SST-2': 90, MRPC: 85, CoLA: 60, QNLI: 90, QQP: 90, RTE: 78, 'STS-B': 88, 'Avg.': 82.6 } },
  ],
};

const layout = layouts['red-table1'];
const opts = { paper: toyRed, aggregation: { rule: 'mean-std' as const }, sweep: 'unit', methods: TEST_METHODS };

describe('buildTable: paper rows filled by the runs of the method that answers to their name', () => {
  test('mean ± sample std over seeds beside the paper number and the difference', () => {
    const records = [
      makeRecord({ task: 'rte', method: 'lora', seed: 1, value: 0.7 }),
      makeRecord({ task: 'rte', method: 'lora', seed: 2, value: 0.74 }),
      makeRecord({ task: 'rte', method: 'lora', seed: 3, value: 0.72 }),
      makeRecord({ task: 'cola', method: 'lora', seed: 1, value: 0.5, test: { mcc: 0.4, accuracy: 0.8 } }),
      makeRecord({ task: 'cola', method: 'lora', seed: 2, value: 0.5, test: { mcc: 0.5, accuracy: 0.8 } }),
    ];
    const t = buildTable(records, layout, opts);
    expect(t.columns).toEqual(['MNLI', 'SST-2', 'MRPC', 'CoLA', 'QNLI', 'QQP', 'RTE', 'STS-B']);
    expect(t.rows.map((r) => [r.label, r.status ?? 'measured'])).toEqual([['LoRA', 'measured'], ['RED', 'not run']]);
    const lora = t.rows[0];
    expect(lora.cells.RTE.measured!.mean).toBeCloseTo(72, 10);
    expect(lora.cells.RTE.measured!.std).toBeCloseTo(2, 10); // sample std of 70, 74, 72
    expect(lora.cells.RTE.diff).toBeCloseTo(2, 10);
    expect(lora.cells.CoLA.measured!.mean).toBeCloseTo(45, 10); // MCC from the test metrics, not accuracy
    expect(lora.cells.MNLI.measured).toBeNull();
    // Avg. over the two measured columns, the paper side recomputed over the same two: (72+45)/2 vs (70+60)/2
    expect(lora.avg.measured!.mean).toBeCloseTo(58.5, 10);
    expect(lora.avg.paper).toBeCloseTo(65, 10);
    expect([lora.avg.over, lora.avg.of]).toEqual([2, 8]);
    expect(t.title).toContain('demo data');
  });

  test('best 3 of 4 keeps the seeds with the best selection score; missing seeds are flagged', () => {
    const records = [6, 7, 8, 9].map((seed, i) => makeRecord({ task: 'rte', method: 'lora', seed, value: [0.6, 0.7, 0.72, 0.74][i], test: { accuracy: [0.9, 0.7, 0.72, 0.74][i] } }));
    const t = buildTable(records, layout, { ...opts, aggregation: { rule: 'best-k-of-n', k: 3 } });
    const cell = t.rows[0].cells.RTE.measured!;
    expect(cell.mean).toBeCloseTo(72, 10); // the 0.9 test score belongs to the worst validation run: dropped
    expect([cell.used, cell.of]).toEqual([3, 4]);
    const two = buildTable(records.slice(0, 2), layout, { ...opts, aggregation: { rule: 'best-k-of-n', k: 3 } });
    expect(two.rows[0].cells.RTE.measured!.incomplete).toBe(true);
    expect(renderMarkdown(two)).toContain('80.0 ± 14.1*');
  });

  test('a learning-rate grid is resolved by the aggregated selection score, and the choice is noted', () => {
    const records = [1, 2].flatMap((seed) => [
      makeRecord({ task: 'rte', method: 'red', seed, lr: 1e-3, value: 0.6, test: { accuracy: 0.9 } }),
      makeRecord({ task: 'rte', method: 'red', seed, lr: 5e-3, value: 0.7, test: { accuracy: 0.65 } }),
    ]);
    const t = buildTable(records, layout, opts);
    const red = t.rows.find((r) => r.label === 'RED')!;
    expect(red.cells.RTE.measured!.mean).toBeCloseTo(65, 10);
    expect(red.cells.RTE.chosen).toBe('learningRate=0.005');
    expect(t.notes.join('\n')).toContain('RED learningRate=0.005 (RTE)');
  });

  test('failed runs are not counted; a diverged run with no finite selection score is left out', () => {
    const records = [
      makeRecord({ task: 'rte', method: 'red', seed: 1, value: 0.7 }),
      makeRecord({ task: 'rte', method: 'red', seed: 2, value: 0.9, status: 'failed' }),
      makeRecord({ task: 'rte', method: 'red', seed: 3, value: 0.5, status: 'diverged' }),
    ];
    records[2].result.best!.value = null;
    const red = buildTable(records, layout, opts).rows.find((r) => r.label === 'RED')!;
    expect(red.cells.RTE.measured!.mean).toBeCloseTo(70, 10);
    expect(red.cells.RTE.measured!.of).toBe(1);
    const t = buildTable(records, layout, opts);
    expect(t.notes.join('\n')).toMatch(/1 failed run\(s\) are not counted/);
    expect(t.header[0][1]).toContain('3 runs (1 ok, 1 diverged, 1 failed)');
  });

  test('runs of a method the paper table lacks get a measured-only row, never hidden', () => {
    const t = buildTable([makeRecord({ task: 'rte', method: 'bitfit', seed: 1, value: 0.7, data: { kind: 'folder', dir: '/x/glue' } })], layout, opts);
    const bitfit = t.rows.find((r) => r.label === 'BitFit')!;
    expect(bitfit.paperRow).toBeNull();
    expect(bitfit.cells.RTE.measured!.mean).toBeCloseTo(70, 10);
    expect(t.notes.join('\n')).toContain('BitFit: no row of RED (Wu et al., ACL 2024) Table 1 matches these runs');
    expect(t.title).not.toContain('demo data');
  });

  test('a paper row no installed method answers to prints "not implemented" with the missing piece', () => {
    const t = buildTable([], layout, { ...opts, paper: { ...toyRed, rows: [...toyRed.rows, { method: 'Adapter_FFN', model: 'RoBERTa-base', trainable_params: '0.3M', values: { RTE: 70 } }] } });
    expect(t.rows.map((r) => `${r.label}: ${r.status}`)).toEqual(['LoRA: not run', 'RED: not run', "Adapter_FFN: not implemented (no method package answers to the paper name 'Adapter_FFN')"]);
    expect(renderMarkdown(t)).toContain("| **Adapter_FFN** | not implemented (no method package answers to the paper name 'Adapter_FFN') | — |");
    expect(t.title).toContain('paper numbers (no runs)');
  });

  test('without methods injected, rows fall back to method names (per-method layout)', () => {
    const perMethod: Layout = { ...layout, rows: undefined };
    const t = buildTable([makeRecord({ task: 'rte', method: 'red', seed: 1, value: 0.7 })], perMethod, { ...opts, methods: [] });
    expect(t.rows[0].label).toBe('red');
    expect(t.rows[0].paperRow).toBeNull(); // without the method's paperNames, 'red' matches no paper label
    const withMethods = buildTable([makeRecord({ task: 'rte', method: 'red', seed: 1, value: 0.7 })], perMethod, opts);
    expect(withMethods.rows[0].paperRow!.values.RTE).toBe(78);
  });
});

describe('rows keyed by configuration (ablations)', () => {
  const redSchema = z.object({ variant: z.enum(['scaling+bias', 'scaling', 'bias']).default('scaling+bias'), positions: z.enum(['ffn', 'attn', 'ffn+attn']).default('ffn') }).strict();
  const methods = TEST_METHODS.map((m) => (m.name === 'red' ? { ...m, configSchema: redSchema } : m));

  test('RED Table 6: −scaling and −bias are separate rows; a run at the default config fills "RED"', () => {
    const records = [1, 2].flatMap((seed) => [
      makeRecord({ task: 'mrpc', method: 'red', seed, value: 0.8 }),
      makeRecord({ task: 'mrpc', method: 'red', seed, value: 0.7, methodConfig: { variant: 'bias' } }),
      makeRecord({ task: 'mrpc', method: 'red', seed, value: 0.6, methodConfig: { variant: 'scaling' } }),
    ]);
    const t = buildLayoutTable(records, layouts['red-table6'], { aggregation: { rule: 'mean-std' }, sweep: 'abl', methods });
    expect(t.rows.map((r) => [r.label, r.cells.MRPC.measured?.mean, r.cells.MRPC.paper])).toEqual([
      ['RED', 80, 90.3],
      ['-Scaling Vector', 70, 89.8],
      ['-Bias Vector', 60, 75.8],
    ]);
    expect(t.rows[1].cells.MRPC.diff).toBeCloseTo(70 - 89.8, 10);
  });

  test('RED Table 7: one row per edit position', () => {
    const records = [makeRecord({ task: 'cola', method: 'red', seed: 1, value: 0.5, test: { mcc: 0.5 } }), makeRecord({ task: 'cola', method: 'red', seed: 1, value: 0.4, test: { mcc: 0.4 }, methodConfig: { positions: 'ffn+attn' } })];
    const t = buildLayoutTable(records, layouts['red-table7'], { aggregation: { rule: 'mean-std' }, sweep: 'pos', methods });
    expect(t.rows.map((r) => [r.label, r.cells.CoLA.measured?.mean ?? null])).toEqual([['RED at FFN', 50], ['RED at Attn', null], ['RED at FFN & Attn', 40]]);
  });

  test('IT-Tuning Table 3: rank 1/2/4/8 and rank 4 & key, E2E selected on the lowest loss', () => {
    const schema = z.object({ rank: z.number().default(1), attentionVector: z.enum(['query', 'key']).default('query') });
    const ms = TEST_METHODS.map((m) => (m.name === 'it-tuning' ? { ...m, configSchema: schema } : m));
    const e2e = (seed: number, rank: number, loss: number, bleu: number, extra: Record<string, unknown> = {}) =>
      makeRecord({ family: 'e2e', task: 'e2e', method: 'it-tuning', seed, value: loss, metric: 'loss', methodConfig: { rank, ...extra }, test: { bleu, rougeL: bleu + 0.1, nist: 8, meteor: 0.4, cider: 2 } });
    const records = [e2e(1, 1, 2.0, 0.6), e2e(2, 1, 2.1, 0.62), e2e(1, 4, 1.9, 0.65), e2e(1, 4, 1.8, 0.5, { attentionVector: 'key' }), e2e(1, 8, 1.7, 0.66, { learningRate: undefined })];
    const t = buildLayoutTable(records, layouts['it-tuning-table3'], { aggregation: { rule: 'mean-std' }, sweep: 'rank', methods: ms });
    expect(t.columns).toEqual(['BLEU', 'ROUGE-L']);
    expect(t.rows.map((r) => [r.label, r.cells.BLEU.measured?.mean ?? null])).toEqual([
      ['IT-Tuning rank 1', 61],
      ['IT-Tuning rank 2', null],
      ['IT-Tuning rank 4 (query)', 65],
      ['IT-Tuning rank 8', 66],
      ['IT-Tuning rank 4 (key)', 50],
    ]);
    expect(t.rows[0].cells.BLEU.paper).toBe(t.rows[0].paperRow!.values.BLEU);
  });

  test('ID3 Table 1: both budgets, R-Mask labelled, the budget comes from the config', () => {
    const schema = z.object({ budget: z.number().default(103_000) }).loose();
    const ms = TEST_METHODS.map((m) => (['id3', 'random-mask'].includes(m.name) ? { ...m, configSchema: schema } : m));
    const records = [
      makeRecord({ task: 'rte', method: 'id3', seed: 1, value: 0.8, protocol: 'id3' }),
      makeRecord({ task: 'rte', method: 'id3', seed: 1, value: 0.85, protocol: 'id3', methodConfig: { budget: 320_000 } }),
      makeRecord({ task: 'rte', method: 'random-mask', seed: 1, value: 0.6, protocol: 'id3' }),
      makeRecord({ task: 'rte', method: 'bitfit', seed: 1, value: 0.7, protocol: 'id3' }),
    ];
    const t = buildLayoutTable(records, layouts['id3-table1'], { aggregation: { rule: 'best-k-of-n', k: 3 }, sweep: 'id3', methods: ms });
    const cell = (label: string) => t.rows.find((r) => r.label === label)!;
    expect(t.rows.map((r) => r.label)).toEqual(['Full-FT', 'R-Mask (103K)', 'Fish (103K)', 'PaFi (103K)', 'BitFit', 'ID3 (103K)', 'R-Mask (320K)', 'Fish (320K)', 'PaFi (320K)', 'ID3 (320K)']);
    expect(cell('ID3 (103K)').cells.RTE.measured!.mean).toBeCloseTo(80, 10);
    expect(cell('ID3 (320K)').cells.RTE.measured!.mean).toBeCloseTo(85, 10);
    expect(cell('ID3 (320K)').cells.RTE.paper).toBe(cell('ID3 (320K)').paperRow!.values.RTE);
    expect(cell('R-Mask (103K)').cells.RTE.measured!.mean).toBeCloseTo(60, 10);
    expect(cell('R-Mask (320K)').status).toBe('not run');
    expect(cell('Fish (103K)').status).toMatch(/^not implemented \(no method package answers to the paper name 'Fish'\)/);
    expect(cell('BitFit').cells.RTE.measured!.mean).toBeCloseTo(70, 10);
  });

  test('RED Table 4 / 16 / 18 print the paper numbers with "needs <what>"', () => {
    for (const id of ['red-table4', 'red-table16', 'red-table18']) {
      const t = buildLayoutTable([], layouts[id], { aggregation: { rule: 'mean-std' }, sweep: '(none)', methods: TEST_METHODS });
      expect(t.rows.length).toBeGreaterThan(0);
      for (const r of t.rows) expect(r.status).toMatch(/^needs /);
      expect(t.rows.every((r) => r.paperRow !== null)).toBe(true);
    }
    expect(renderMarkdown(buildLayoutTable([], layouts['red-table4'], { aggregation: { rule: 'mean-std' }, sweep: '', methods: TEST_METHODS }))).toContain('| **RED** | needs AlpacaEval: GPT-4 as the judge');
  });
});

describe('columns and formats', () => {
  test('ID3 STS-B is the mean of Pearson and Spearman when no combined key is stored', () => {
    const stsb = layouts['id3-table1'].columns.find((c) => c.column === 'STS-B')!;
    expect(columnMetric(stsb, { pearson: 0.8, spearman: 0.9 })).toBeCloseTo(0.85, 12);
    expect(columnMetric(stsb, { pearsonSpearmanMean: 0.7, pearson: 0.8, spearman: 0.9 })).toBe(0.7);
    expect(columnMetric(stsb, { pearson: 0.8 })).toBeNull();
  });
  test('parameter counts print like the papers', () => {
    expect([formatParams(2048), formatParams(18_432), formatParams(294_912), formatParams(124_645_632)]).toEqual(['2048', '0.018M', '0.29M', '124.6M']);
  });
});

describe('rendering', () => {
  const records = [1, 2].flatMap((seed) => [
    makeRecord({ task: 'rte', method: 'lora', seed, value: 0.7 + seed / 100, params: 4096 }),
    makeRecord({ task: 'rte', method: 'red', seed, value: 0.75 + seed / 100, params: 1024 }),
  ]);
  const t = buildTable(records, layout, opts);

  test('markdown: header, then measured / paper / Δ rows per paper row in the paper\'s column order', () => {
    const md = renderMarkdown(t);
    expect(md.split('\n')[0]).toBe('# RED (Wu et al., ACL 2024) Table 1 layout — demo data, pretrain:tiny-roberta, red-split protocol');
    expect(md).toContain('| Method |  | # Params | MNLI | SST-2 | MRPC | CoLA | QNLI | QQP | RTE | STS-B | Avg. |');
    expect(md).toContain('| **LoRA** | measured | 4096 | — | — | — | — | — | — | 71.5 ± 0.7 | — | 71.5 (1/8) |');
    expect(md).toContain('| | paper (LoRA, RoBERTa-base) | 0.3M | 80.0 | 90.0 | 85.0 | 60.0 | 90.0 | 90.0 | 70.0 | 88.0 | 70.0 |');
    expect(md).toContain('| | Δ | | — | — | — | — | — | — | +1.5 | — | +1.5 |');
    expect(md).toContain('| **RED** | measured | 1024 | — | — | — | — | — | — | 76.5 ± 0.7 | — | 76.5 (1/8) |');
    expect(md).toContain('| | Δ | | — | — | — | — | — | — | −1.5 | — | −1.5 |');
  });

  test('csv: one row per table row and kind, numbers at full precision', () => {
    const rows = renderCsv(t).trim().split('\n').map((l) => l.split(','));
    expect(rows[0]).toEqual(['method', 'kind', 'trainable_params', 'MNLI', 'SST-2', 'MRPC', 'CoLA', 'QNLI', 'QQP', 'RTE', 'STS-B', 'Avg.', 'status']);
    expect(rows.slice(1).map((r) => `${r[0]}:${r[1]}`)).toEqual([
      'LoRA:measured_mean', 'LoRA:measured_std', 'LoRA:seeds_used', 'LoRA:paper', 'LoRA:difference',
      'RED:measured_mean', 'RED:measured_std', 'RED:seeds_used', 'RED:paper', 'RED:difference',
    ]);
    expect(Number(rows[1][9])).toBeCloseTo(71.5, 6);
    expect(Number(rows[2][9])).toBeCloseTo(Math.SQRT1_2, 6);
    expect(rows[3][9]).toBe('2/2');
    expect(Number(rows[5][9])).toBeCloseTo(1.5, 6);
  });

  test('counts that differ by task print as one value or as a range', () => {
    const recs = [
      makeRecord({ task: 'rte', method: 'red', seed: 1, value: 0.7, params: 17_282 }),
      makeRecord({ task: 'mnli', method: 'red', seed: 1, value: 0.7, params: 17_411 }),
      makeRecord({ task: 'rte', method: 'lora', seed: 1, value: 0.7, params: 4_000 }),
      makeRecord({ task: 'mnli', method: 'lora', seed: 1, value: 0.7, params: 40_000 }),
    ];
    const md = renderMarkdown(buildTable(recs, layout, opts));
    expect(md).toContain('| **LoRA** | measured | 4000–0.04M |');
    expect(md).toContain('| **RED** | measured | 0.017M |');
  });
});
