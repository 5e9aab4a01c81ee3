import { describe, expect, test } from 'vitest';
import { hasShared } from '@peftbench/util';
import { buildGlueTable } from './glue-table.ts';
import { glueLayouts, columnMetric } from './glue-layouts.ts';
import { loadPaperTable, type PaperTable } from './paper-tables.ts';
import { renderMarkdown } from './render-markdown.ts';
import { renderCsv } from './render-csv.ts';
import { makeRecord } from './testing/records.ts';
import { formatParams } from './format.ts';

/** A paper table in RED's column order with round numbers, so expected differences are easy to state. */
const toyRed: PaperTable = {
  paper: 'red', paperTitle: 'Toy RED', id: 'table1', caption: '',
  columns: ['MNLI', 'SST-2', 'MRPC', 'CoLA', 'QNLI', 'QQP', 'RTE', 'STS-B', 'Avg.'],
  average_column: 'Avg.',
  average_over: ['MNLI', 'SST-2', 'MRPC', 'CoLA', 'QNLI', 'QQP', 'RTE', 'STS-B'],
  rows: [
    { method: 'LoRA', model: 'RoBERTa-base', trainable_params: '0.3M', values: { MNLI: 80, 'SST-2': 90, MRPC: 85, CoLA: 60, QNLI: 90, QQP: 90, RTE: 70, 'STS-B': 88, 'Avg.': 81.6 } },
    { method: 'RED', model: 'RoBERTa-base', trainable_params: '0.02M', values: { MNLI: 80, 'SST-2': 90, MRPC: 85, CoLA: 60, QNLI: 90, QQP: 90, RTE: 78, 'STS-B': 88, 'Avg.': 82.6 } },
  ],
};

const layout = glueLayouts['red-table1'];

describe('buildGlueTable', () => {
  test('mean ± sample std over seeds beside the paper number and the difference', () => {
    const records = [
      makeRecord({ task: 'rte', method: 'lora', seed: 1, value: 0.7 }),
      makeRecord({ task: 'rte', method: 'lora', seed: 2, value: 0.74 }),
      makeRecord({ task: 'rte', method: 'lora', seed: 3, value: 0.72 }),
      makeRecord({ task: 'cola', method: 'lora', seed: 1, value: 0.5, test: { mcc: 0.4, accuracy: 0.8 } }),
      makeRecord({ task: 'cola', method: 'lora', seed: 2, value: 0.5, test: { mcc: 0.5, accuracy: 0.8 } }),
    ];
    const t = buildGlueTable(records, layout, { paper: toyRed, aggregation: { rule: 'mean-std' }, sweep: 'unit' });
    expect(t.columns).toEqual(['MNLI', 'SST-2', 'MRPC', 'CoLA', 'QNLI', 'QQP', 'RTE', 'STS-B']);
    const lora = t.rows[0];
    const rte = lora.cells.RTE;
    expect(rte.measured!.mean).toBeCloseTo(72, 10);
    expect(rte.measured!.std).toBeCloseTo(2, 10); // sample std of 70, 74, 72
    expect(rte.paper).toBe(70);
    expect(rte.diff).toBeCloseTo(2, 10);
    // CoLA reports MCC (from the test metrics), not accuracy
    expect(lora.cells.CoLA.measured!.mean).toBeCloseTo(45, 10);
    expect(lora.cells.CoLA.diff).toBeCloseTo(-15, 10);
    expect(lora.cells.MNLI.measured).toBeNull();
    // Avg. over the two measured columns, the paper side recomputed over the same two: (72+45)/2 vs (70+60)/2
    expect(lora.avg.measured!.mean).toBeCloseTo(58.5, 10);
    expect(lora.avg.paper).toBeCloseTo(65, 10);
    expect(lora.avg.diff).toBeCloseTo(-6.5, 10);
    expect([lora.avg.over, lora.avg.of]).toEqual([2, 8]);
    expect(t.title).toContain('demo data');
  });

  test('all columns measured: the paper side uses its printed Avg.', () => {
    const tasks = ['mnli', 'sst2', 'mrpc', 'cola', 'qnli', 'qqp', 'rte', 'stsb'];
    const records = tasks.map((task) => makeRecord({ task, method: 'red', seed: 1, value: 0.8 }));
    const t = buildGlueTable(records, layout, { paper: toyRed, aggregation: { rule: 'mean-std' }, sweep: 'unit' });
    const red = t.rows[0];
    expect(red.avg.measured!.mean).toBeCloseTo(80, 10);
    expect(red.avg.paper).toBe(82.6);
    expect(red.avg.diff).toBeCloseTo(-2.6, 10);
    expect(red.cells.RTE.measured!.std).toBeNull(); // one seed: no std
  });

  test('best 3 of 4 keeps the seeds with the best selection score', () => {
    const records = [
      makeRecord({ task: 'rte', method: 'lora', seed: 6, value: 0.60, test: { accuracy: 0.9 } }), // worst on validation: dropped
      makeRecord({ task: 'rte', method: 'lora', seed: 7, value: 0.70, test: { accuracy: 0.70 } }),
      makeRecord({ task: 'rte', method: 'lora', seed: 8, value: 0.72, test: { accuracy: 0.72 } }),
      makeRecord({ task: 'rte', method: 'lora', seed: 9, value: 0.74, test: { accuracy: 0.74 } }),
    ];
    const t = buildGlueTable(records, layout, { paper: toyRed, aggregation: { rule: 'best-k-of-n', k: 3 }, sweep: 'unit' });
    const cell = t.rows[0].cells.RTE.measured!;
    expect(cell.mean).toBeCloseTo(72, 10);
    expect([cell.used, cell.of]).toEqual([3, 4]);
    expect(t.header.find(([k]) => k === 'Seeds')![1]).toContain('best 3 of 4 seeds');
  });

  test('a learning-rate grid is resolved by the aggregated selection score, and the choice is noted', () => {
    const records = [1, 2].flatMap((seed) => [
      makeRecord({ task: 'rte', method: 'red', seed, lr: 1e-3, value: 0.6, test: { accuracy: 0.9 } }),
      makeRecord({ task: 'rte', method: 'red', seed, lr: 5e-3, value: 0.7, test: { accuracy: 0.65 } }),
    ]);
    const t = buildGlueTable(records, layout, { paper: toyRed, aggregation: { rule: 'mean-std' }, sweep: 'unit' });
    expect(t.rows[0].cells.RTE.measured!.mean).toBeCloseTo(65, 10);
    expect(t.rows[0].cells.RTE.chosen).toBe('learningRate=0.005');
    expect(t.notes.join('\n')).toContain('red learningRate=0.005 (RTE)');
  });

  test('failed runs are not counted; a diverged run with no finite selection score is left out', () => {
    const records = [
      makeRecord({ task: 'rte', method: 'red', seed: 1, value: 0.7 }),
      makeRecord({ task: 'rte', method: 'red', seed: 2, value: 0.9, status: 'failed' }),
      { ...makeRecord({ task: 'rte', method: 'red', seed: 3, value: 0.5, status: 'diverged' }) },
    ];
    records[2].result.best!.value = null;
    const t = buildGlueTable(records, layout, { paper: toyRed, aggregation: { rule: 'mean-std' }, sweep: 'unit' });
    expect(t.rows[0].cells.RTE.measured!.mean).toBeCloseTo(70, 10);
    expect(t.rows[0].cells.RTE.measured!.of).toBe(1);
    expect(t.notes.join('\n')).toMatch(/1 failed run\(s\) are not counted/);
    expect(t.header[0][1]).toContain('3 runs (1 ok, 1 diverged, 1 failed)');
  });

  test('methods without a paper counterpart get an empty paper side; real data says so in the header', () => {
    const records = [makeRecord({ task: 'rte', method: 'bitfit', seed: 1, value: 0.7, data: { kind: 'folder', dir: '/x/glue' } })];
    const t = buildGlueTable(records, layout, { paper: toyRed, aggregation: { rule: 'mean-std' }, sweep: 'unit' });
    expect(t.rows[0].paperRow).toBeNull();
    expect(t.rows[0].cells.RTE.diff).toBeNull();
    expect(t.title).not.toContain('demo data');
    expect(t.header.find(([k]) => k === 'Data')![1]).toContain('GLUE folder');
  });

  test('without paper numbers the table still builds and says why', () => {
    const t = buildGlueTable([makeRecord({ task: 'rte', method: 'red', seed: 1, value: 0.7 })], layout, { paper: null, paperMissing: 'x.json: paper table file not found', aggregation: { rule: 'mean-std' }, sweep: 'unit' });
    expect(t.rows[0].cells.RTE.paper).toBeNull();
    expect(t.header.find(([k]) => k === 'Paper')![1]).toBe('not available: x.json: paper table file not found');
  });
});

describe('columns and formats', () => {
  test('ID3 STS-B is the mean of Pearson and Spearman when no combined key is stored', () => {
    const stsb = glueLayouts['id3-table1'].columns.find((c) => c.column === 'STS-B')!;
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
  const t = buildGlueTable(records, layout, { paper: toyRed, aggregation: { rule: 'mean-std' }, sweep: 'unit' });

  test('markdown: header, then measured / paper / Δ rows per method in the paper\'s column order', () => {
    const md = renderMarkdown(t);
    const lines = md.split('\n');
    expect(lines[0]).toBe('# RED (Wu et al., ACL 2024) Table 1 layout — demo data, pretrain:tiny-roberta, red-split protocol');
    expect(md).toContain('- **Data:** demo data');
    expect(md).toContain('| Method |  | # Params | MNLI | SST-2 | MRPC | CoLA | QNLI | QQP | RTE | STS-B | Avg. |');
    expect(md).toContain('| **lora** | measured | 4096 | — | — | — | — | — | — | 71.5 ± 0.7 | — | 71.5 (1/8) |');
    expect(md).toContain('| | paper (LoRA, RoBERTa-base) | 0.3M | 80.0 | 90.0 | 85.0 | 60.0 | 90.0 | 90.0 | 70.0 | 88.0 | 70.0 |');
    expect(md).toContain('| | Δ | | — | — | — | — | — | — | +1.5 | — | +1.5 |');
    expect(md).toContain('| **red** | measured | 1024 | — | — | — | — | — | — | 76.5 ± 0.7 | — | 76.5 (1/8) |');
    expect(md).toContain('| | Δ | | — | — | — | — | — | — | −1.5 | — | −1.5 |');
  });

  test('csv: one row per method and kind, numbers at full precision', () => {
    const rows = renderCsv(t).trim().split('\n').map((l) => l.split(','));
    expect(rows[0]).toEqual(['method', 'kind', 'trainable_params', 'MNLI', 'SST-2', 'MRPC', 'CoLA', 'QNLI', 'QQP', 'RTE', 'STS-B', 'Avg.']);
    expect(rows.slice(1).map((r) => `${r[0]}:${r[1]}`)).toEqual([
      'lora:measured_mean', 'lora:measured_std', 'lora:seeds_used', 'lora:paper', 'lora:difference',
      'red:measured_mean', 'red:measured_std', 'red:seeds_used', 'red:paper', 'red:difference',
    ]);
    expect(Number(rows[1][9])).toBeCloseTo(71.5, 6);
    expect(Number(rows[2][9])).toBeCloseTo(Math.SQRT1_2, 6); // sample std of 71, 72
    expect(rows[3][9]).toBe('2/2');
    expect(rows[4][2]).toBe('');
    expect(Number(rows[5][9])).toBeCloseTo(1.5, 6);
  });
});

describe.skipIf(!hasShared('papers/tables'))('real paper numbers in the tables', () => {
  test('IT-Tuning layout compares LoRA with the RoBERTa-large row (Table 1: RTE 87.4)', () => {
    const paper = loadPaperTable('it-tuning', 'table1');
    const t = buildGlueTable([makeRecord({ task: 'rte', method: 'lora', seed: 1, value: 0.8 })], glueLayouts['it-tuning-table1'], { paper, aggregation: { rule: 'mean-std' }, sweep: 'unit' });
    expect(t.columns).toEqual(['CoLA', 'SST-2', 'MRPC', 'STS-B', 'QQP', 'MNLI', 'QNLI', 'RTE']);
    expect(t.rows[0].cells.RTE.paper).toBe(87.4);
    expect(t.rows[0].cells.RTE.diff).toBeCloseTo(80 - 87.4, 10);
  });
});

describe('parameter column', () => {
  test('counts that differ by task print as one value or as a range', () => {
    const records = [
      makeRecord({ task: 'rte', method: 'red', seed: 1, value: 0.7, params: 17_282 }),
      makeRecord({ task: 'mnli', method: 'red', seed: 1, value: 0.7, params: 17_411 }),
      makeRecord({ task: 'rte', method: 'lora', seed: 1, value: 0.7, params: 4_000 }),
      makeRecord({ task: 'mnli', method: 'lora', seed: 1, value: 0.7, params: 40_000 }),
    ];
    const md = renderMarkdown(buildGlueTable(records, layout, { paper: toyRed, aggregation: { rule: 'mean-std' }, sweep: 'unit' }));
    expect(md).toContain('| **lora** | measured | 4000–0.04M |');
    expect(md).toContain('| **red** | measured | 0.017M |');
  });
});

describe('ambiguous paper rows', () => {
  test('a method printed at two budgets gets no comparison and a note, not a wrong number', () => {
    const id3: PaperTable = {
      paper: 'id3', paperTitle: 'Toy ID3', id: 'table1', caption: '', columns: ['RTE', 'Avg'], average_column: 'Avg', average_over: ['RTE'],
      rows: [
        { method: 'ID3', model: 'DeBERTa-v3-base', trainable_params: '103K', budget: '103K', values: { RTE: 87.12 } },
        { method: 'ID3', model: 'DeBERTa-v3-base', trainable_params: '320K', budget: '320K', values: { RTE: 87.73 } },
      ],
    };
    const t = buildGlueTable([makeRecord({ task: 'rte', method: 'id3', seed: 1, value: 0.8 })], glueLayouts['id3-table1'], { paper: id3, aggregation: { rule: 'mean-std' }, sweep: 'unit' });
    expect(t.rows[0].paperRow).toBeNull();
    expect(t.rows[0].cells.RTE.measured!.mean).toBeCloseTo(80, 10);
    expect(t.notes.join('\n')).toMatch(/id3: no paper comparison — id3 table1: 2 rows for method 'ID3'/);
  });
});
