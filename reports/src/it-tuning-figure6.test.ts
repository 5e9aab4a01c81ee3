/**
 * IT-Tuning Figure 6 layout on hand-made result files: rows keyed by the `operations` config value (defaults
 * filled by the method's schema), whatever the method package is called; a learning-rate grid resolved on the
 * selection score; missing seeds, a failed run and an unclaimed combination; no paper numbers (the figure prints
 * none); golden markdown; the figure PNG in buildReports + buildSite.
 */
import { describe, expect, test } from 'vitest';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { buildLayoutTable, buildReports } from './build.ts';
import { layoutPaper, layouts } from './layouts.ts';
import { FIGURE6_ROWS, IT_TUNING_FIGURE6 } from './it-tuning-figure6.ts';
import { renderFigure6 } from './it-tuning-figure6-chart.ts';
import { renderMarkdown } from './render-markdown.ts';
import { renderCsv } from './render-csv.ts';
import { buildSite } from './site.ts';
import { makeRecord, TEST_METHODS, type RecordArgs } from './testing/records.ts';

const goldenFile = join(dirname(fileURLToPath(import.meta.url)), 'golden', `${IT_TUNING_FIGURE6}.md`);
const update = process.env.PEFTBENCH_UPDATE_GOLDEN === '1';

const op = z.enum(['scale', 'shift']);
/** The it-tuning package's option as the reports see it: defaults filled by the schema (eq. 1's operations). */
const itSchema = z.object({
  rank: z.number().default(1),
  operations: z.object({ q: op.default('scale'), a: op.default('shift'), ff: op.default('scale') }).default({ q: 'scale', a: 'shift', ff: 'scale' }),
});
const methods = [
  ...TEST_METHODS.filter((m) => m.name !== 'it-tuning'),
  // a differently named package that answers to the paper's name: rows are keyed by config, not by method name
  { name: 'info-token-tuning', label: 'ITT', paperNames: ['IT-Tuning'], order: 50, configSchema: itSchema },
];
const M = 'info-token-tuning';
const layout = layouts[IT_TUNING_FIGURE6];
const rec = (a: Omit<RecordArgs, 'method'> & { method?: string }) => makeRecord({ protocol: 'dev', method: M, ...a });
const ops = (label: string) => ({ ...FIGURE6_ROWS.find((r) => r.label === label)!.operations });

const records = [
  // eq. 1 left at its default (no operations key): the "1 Shifting + 2 Scaling" row; two learning rates, 3 seeds
  ...[1, 2, 3].flatMap((seed) => [rec({ task: 'rte', seed, value: 0.7 + seed / 100, lr: 5e-4 }), rec({ task: 'rte', seed, value: 0.6, lr: 1e-4 })]),
  ...[1, 2, 3].map((seed) => rec({ task: 'cola', seed, value: 0.5, test: { mcc: 0.4 + seed / 100 }, lr: 5e-4 })),
  // only shifting: 2 seeds of 3 (one failed)
  ...[1, 2].map((seed) => rec({ task: 'rte', seed, value: 0.65, methodConfig: { operations: ops('Only shifting') } })),
  rec({ task: 'rte', seed: 3, value: 0.9, status: 'failed', methodConfig: { operations: ops('Only shifting') } }),
  // only scaling, given in full
  rec({ task: 'rte', seed: 1, value: 0.62, methodConfig: { operations: ops('Only scaling') } }),
  // 2 shifting + 1 scaling given partially: {ff: shift}, the rest from the defaults
  rec({ task: 'rte', seed: 1, value: 0.68, methodConfig: { operations: { ff: 'shift' } } }),
  // a combination Figure 6 does not have: its own measured-only row
  rec({ task: 'rte', seed: 1, value: 0.55, methodConfig: { operations: { q: 'shift', a: 'scale', ff: 'scale' } } }),
  // another method on the same task: not a Figure 6 row
  makeRecord({ protocol: 'dev', task: 'rte', method: 'lora', seed: 1, value: 0.9 }),
];

describe('IT-Tuning Figure 6 layout', () => {
  test('registered; its paper side is the caption\'s four rows on BERT-base with no values', () => {
    expect(layout.family).toBe('glue');
    const paper = layoutPaper(layout);
    expect(paper.rows.map((r) => r.method)).toEqual(['Only shifting', 'Only scaling', '2 Shifting + 1 Scaling', '1 Shifting + 2 Scaling']);
    expect(paper.rows.every((r) => r.model === 'BERT-base' && Object.keys(r.values).length === 0)).toBe(true);
    expect(layout.rows!(paper, 'BERT-base').map((r) => r.runs?.config)).toEqual(FIGURE6_ROWS.map((r) => ({ operations: r.operations })));
  });

  test('rows keyed by the operations value; LR grid resolved on the selection score; failed runs not counted', () => {
    const t = buildLayoutTable(records, layout, { aggregation: { rule: 'mean-std' }, sweep: 'fig6', methods });
    const row = (label: string) => t.rows.find((r) => r.label === label)!;
    expect(t.rows.slice(0, 4).map((r) => r.label)).toEqual(FIGURE6_ROWS.map((r) => r.label));
    const paperDefault = row('1 Shifting + 2 Scaling');
    expect(paperDefault.method).toBe(M);
    expect(paperDefault.cells.RTE.measured!.mean).toBeCloseTo(72, 6); // lr 5e-4: (71 + 72 + 73) / 3, not lr 1e-4's 60
    expect(paperDefault.cells.RTE.chosen).toBe('learningRate=0.0005');
    expect(paperDefault.cells.CoLA.measured!.mean).toBeCloseTo(42, 6);
    expect(row('Only shifting').cells.RTE.measured).toMatchObject({ mean: 65, used: 2 });
    expect(row('Only scaling').cells.RTE.measured!.mean).toBeCloseTo(62, 6);
    expect(row('2 Shifting + 1 Scaling').cells.RTE.measured!.mean).toBeCloseTo(68, 6);
    // no paper numbers: every paper cell and Δ is empty
    for (const r of t.rows) for (const c of Object.values(r.cells)) expect([c.paper, c.diff]).toEqual([null, null]);
    // the other combination and the LoRA run are shown as measured-only rows, not hidden and not in a Figure 6 row
    const extra = t.rows.slice(4);
    expect(extra.map((r) => [r.label, Math.round(r.cells.RTE.measured!.mean * 1e6) / 1e6, r.paperRow])).toEqual([
      ['LoRA', 90, null],
      ['ITT (operations={"q":"shift","a":"scale","ff":"scale"})', 55, null],
    ]);
    expect(t.header.find(([k]) => k === 'Paper')![1]).toMatch(/IT-Tuning/);
    expect(renderCsv(t)).toContain('Only shifting');
  });

  test('golden markdown', () => {
    const md = renderMarkdown(buildLayoutTable(records, layout, { aggregation: { rule: 'mean-std' }, sweep: 'golden', methods }));
    if (update || !existsSync(goldenFile)) writeFileSync(goldenFile, md);
    expect(md).toBe(readFileSync(goldenFile, 'utf8'));
  });

  test('with no runs: four "not run" rows (the paper-only table)', () => {
    const t = buildLayoutTable([], layout, { aggregation: { rule: 'mean-std' }, sweep: '(none)', methods });
    expect(t.rows.map((r) => [r.label, r.status])).toEqual(FIGURE6_ROWS.map((r) => [r.label, 'not run']));
  });

  test('the figure: a PNG from the measured rows only; none for an empty table or another layout', async () => {
    const t = buildLayoutTable(records, layout, { aggregation: { rule: 'mean-std' }, sweep: 'fig6', methods });
    const png = await renderFigure6(t);
    expect(png!.subarray(1, 4).toString()).toBe('PNG');
    expect(await renderFigure6(buildLayoutTable([], layout, { aggregation: { rule: 'mean-std' }, sweep: '(none)', methods }))).toBeNull();
    expect(await renderFigure6(buildLayoutTable(records, layouts['it-tuning-table1'], { aggregation: { rule: 'mean-std' }, sweep: 'x', methods }))).toBeNull();
  });

  test('buildReports + buildSite: the sweep asking for it gets md, csv and the Figure 6 PNG in the HTML report', async () => {
    const root = mkdtempSync(join(tmpdir(), 'fig6-'));
    const results = join(root, 'results');
    mkdirSync(join(results, 'it-tuning-fig6'), { recursive: true });
    for (const r of records) {
      r.sweep = 'it-tuning-fig6';
      writeFileSync(join(results, 'it-tuning-fig6', `${r.id}.json`), JSON.stringify(r));
    }
    writeFileSync(join(results, 'it-tuning-fig6', '_sweep.json'), JSON.stringify({ name: 'it-tuning-fig6', family: 'glue', aggregation: { rule: 'mean-std' }, report: { tables: [IT_TUNING_FIGURE6] }, seeds: [1, 2, 3] }));
    const built = await buildReports({ resultsRoot: results, outDir: join(root, 'out'), methods, paperOnly: false });
    expect(built.leftOut).toEqual([]);
    const b = built.tables.find((x) => x.layoutId === IT_TUNING_FIGURE6)!;
    expect(b.files.map((f) => f.split('/').pop())).toEqual(['it-tuning-fig6-it-tuning-figure6.md', 'it-tuning-fig6-it-tuning-figure6.csv']);
    const site = await buildSite(built, { outDir: join(root, 'site'), methods });
    const fig = site.figures.find((f) => f.endsWith('-figure6.png'));
    expect(fig).toBeDefined();
    const html = readFileSync(site.index, 'utf8');
    expect(html).toContain(`data-layout="${IT_TUNING_FIGURE6}"`);
    expect(html).toContain(`figures/${fig!.split('/').pop()}`);
    expect(html).toContain('Only shifting');
  });
});
