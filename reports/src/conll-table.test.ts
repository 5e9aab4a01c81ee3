import { describe, expect, test } from 'vitest';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hasShared } from '@peftbench/util';
import { buildReports } from './build.ts';
import { buildConllTable, conllLayouts, loadConllPaperTable, rowsAtBudget } from './conll-table.ts';
import { paperTablesDir, type PaperTable } from './paper-tables.ts';
import { renderMarkdown } from './render-markdown.ts';
import { makeRecord } from './testing/records.ts';
import type { ResultRecord } from './result-files.ts';

/** A CoNLL record: selection = validation F1; test metrics as the conll run writes them. */
function conllRecord(method: string, seed: number, f1: number, extra: Partial<Record<string, number>> = {}): ResultRecord {
  const r = makeRecord({
    task: 'conll2003', method, seed, value: f1 + 0.01, protocol: 'id3',
    test: { f1, precision: f1 - 0.02, recall: f1 + 0.02, accuracy: 0.95, f1_PER: 0.9, f1_LOC: 0.8, f1_ORG: 0.7, f1_MISC: 0.6, ...extra },
  });
  r.spec.family = 'conll';
  r.result.best!.metric = 'f1';
  return r;
}

const layout = conllLayouts['id3-table4'];

describe('CoNLL table (ID3 Table 4 layout)', () => {
  test('measured F1 / precision / recall / per type ×100, mean ± sample std over seeds, no average', () => {
    const recs = [conllRecord('id3', 1, 0.8), conllRecord('id3', 2, 0.9, { f1_PER: 1 }), conllRecord('lora', 1, 0.5)];
    const t = buildConllTable(recs, layout, { paper: null, paperMissing: 'no papers here', aggregation: { rule: 'mean-std' }, sweep: 's' });
    const md = renderMarkdown(t);
    // id3: F1 80, 90 → 85.0 ± 7.1; P 78, 88 → 83.0; R 82, 92 → 87.0; PER 90, 100 → 95.0 ± 7.1; LOC 80 ± 0
    expect(md).toContain('| **id3** | measured | 1000 | 85.0 ± 7.1 | 83.0 ± 7.1 | 87.0 ± 7.1 | 95.0 ± 7.1 | 80.0 ± 0.0 | 70.0 ± 0.0 | 60.0 ± 0.0 | — |');
    expect(md).toContain('| **lora** | measured | 1000 | 50.0 | 48.0 | 52.0 | 90.0 | 80.0 | 70.0 | 60.0 | — |');
    expect(md).toContain('# ID3 (Agarwal et al., arXiv 2408.14470v1) Table 4, CoNLL-2003 NER layout — demo data');
    expect(md).toMatch(/\*\*Data:\*\* demo data \(synthetic NER sentences/);
    expect(md).toMatch(/\*\*Protocol:\*\* train on train; the checkpoint with the best validation span F1/);
    expect(md).toMatch(/\*\*Paper:\*\* not available: no papers here/);
  });

  test('paper rows: the 103K budget for selective methods, Full-FT at its only row', () => {
    const table: PaperTable = {
      paper: 'id3', paperTitle: 'ID3', id: 'table4', caption: '', columns: ['CoNLL-2003 F1'], average_column: null, average_over: [],
      rows: [
        { method: 'Full-FT', model: 'm', trainable_params: '184M', budget: '184M', values: { 'CoNLL-2003 F1': 96.69 } },
        { method: 'ID3', model: 'm', trainable_params: '103K', budget: '103K', values: { 'CoNLL-2003 F1': 95.86 } },
        { method: 'ID3', model: 'm', trainable_params: '320K', budget: '320K', values: { 'CoNLL-2003 F1': 96.17 } },
        { method: 'BitFit', model: 'm', trainable_params: '103K', budget: '103K', values: { 'CoNLL-2003 F1': 94.62 } },
      ],
    };
    expect(rowsAtBudget(table, '103K').rows.map((r) => `${r.method} ${r.budget}`)).toEqual(['Full-FT 184M', 'ID3 103K', 'BitFit 103K']);
    expect(rowsAtBudget(table, '320K').rows.map((r) => `${r.method} ${r.budget}`)).toEqual(['Full-FT 184M', 'ID3 320K', 'BitFit 103K']); // BitFit has one budget
  });

  describe.skipIf(!hasShared('papers/tables'))('against ../shared/papers/tables/id3.json', () => {
    test('Table 4 loads without average_over; Δ = measured − paper for F1 only', () => {
      const paper = loadConllPaperTable('id3', 'table4', paperTablesDir());
      expect(paper.average_over).toEqual([]);
      const recs = [conllRecord('full-ft', 1, 0.9), conllRecord('full-ft', 2, 0.92), conllRecord('id3', 1, 0.85), conllRecord('red', 1, 0.7)];
      const t = buildConllTable(recs, layout, { paper, aggregation: { rule: 'mean-std' }, sweep: 's' });
      const md = renderMarkdown(t);
      // full-ft 91.0 vs 96.69 → −5.7; id3 85.0 vs 95.86 (103K) → −10.9
      expect(md).toContain('| | paper (Full-FT, DeBERTa-v3-base) | 184M | 96.7 | — | — | — | — | — | — | — |');
      expect(md).toContain('| | Δ | | −5.7 | — | — | — | — | — | — | — |');
      expect(md).toContain('| | paper (ID3, DeBERTa-v3-base) | 103K | 95.9 | — | — | — | — | — | — | — |');
      expect(md).toContain('| | Δ | | −10.9 | — | — | — | — | — | — | — |');
      expect(md).toContain('red: no counterpart in ID3');
      expect(md).toContain('Demo data: the paper numbers are real CoNLL-2003');
    });
  });

  test('a missing or malformed paper file is an input error naming the file and place', () => {
    const dir = mkdtempSync(join(tmpdir(), 'conll-paper-'));
    expect(() => loadConllPaperTable('id3', 'table4', dir)).toThrow(/id3\.json: paper table file not found/);
    writeFileSync(join(dir, 'id3.json'), JSON.stringify({ tables: [{ id: 'table4', columns: ['F1'], rows: [{ values: {} }] }] }));
    expect(() => loadConllPaperTable('id3', 'table4', dir)).toThrow(/id3\.json \[tables\[0\]\.rows\[0\]\]: expected 'method' and 'values'/);
  });

  test('buildReports writes the CoNLL table, CSV and chart for conll records, and no GLUE table for them', async () => {
    const root = mkdtempSync(join(tmpdir(), 'conll-reports-'));
    mkdirSync(join(root, 'cq'));
    for (const r of [conllRecord('lora', 1, 0.6), conllRecord('lora', 2, 0.7)]) writeFileSync(join(root, 'cq', `${r.id}.json`), JSON.stringify(r));
    writeFileSync(join(root, 'cq', '_sweep.json'), JSON.stringify({ name: 'cq', family: 'conll', aggregation: { rule: 'mean-std' }, report: { tables: ['red-table1'] }, seeds: [1, 2] }));
    const out = join(root, 'out');
    const built = await buildReports({ resultsRoot: root, outDir: out, paperDir: join(root, 'none') });
    expect(built.tables.map((t) => t.files.map((f) => f.slice(out.length + 1)))).toEqual([['cq-id3-table4.md', 'cq-id3-table4.csv']]);
    expect(built.charts).toEqual([join(out, 'cq.png')]);
    expect(readFileSync(join(out, 'cq-id3-table4.md'), 'utf8')).toContain('| **lora** | measured | 1000 | 65.0 ± 7.1 |');
    expect(readFileSync(join(out, 'cq-id3-table4.csv'), 'utf8')).toMatch(/CoNLL-2003 F1/);
  });
});
