import { describe, expect, test } from 'vitest';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { buildReports } from './build.ts';
import { buildConllTable, conllLayouts } from './conll-table.ts';
import { loadPaperTable } from './paper-tables.ts';
import { renderMarkdown } from './render-markdown.ts';
import { makeRecord, TEST_METHODS } from './testing/records.ts';
import type { ResultRecord } from './result-files.ts';

/** A CoNLL record: selection = validation F1; test metrics as the conll run writes them. */
function conllRecord(method: string, seed: number, f1: number, extra: Partial<Record<string, number>> = {}, methodConfig?: Record<string, unknown>): ResultRecord {
  return makeRecord({
    family: 'conll', task: 'conll2003', method, seed, value: f1 + 0.01, protocol: 'id3', metric: 'f1', methodConfig,
    test: { f1, precision: f1 - 0.02, recall: f1 + 0.02, accuracy: 0.95, f1_PER: 0.9, f1_LOC: 0.8, f1_ORG: 0.7, f1_MISC: 0.6, ...extra },
  });
}

const layout = conllLayouts['id3-table4'];
const methods = TEST_METHODS.map((m) => (m.name === 'id3' ? { ...m, configSchema: z.object({ budget: z.number().default(103_000) }) } : m));
const paper = loadPaperTable('id3', 'table4');

describe('CoNLL table (ID3 Table 4 layout, both budgets)', () => {
  test('measured F1 / precision / recall / per type ×100 beside the paper F1 at the run\'s budget; no average', () => {
    const recs = [conllRecord('id3', 1, 0.8), conllRecord('id3', 2, 0.9, { f1_PER: 1 }), conllRecord('id3', 1, 0.95, {}, { budget: 320_000 }), conllRecord('full-ft', 1, 0.9)];
    const t = buildConllTable(recs, layout, { paper, aggregation: { rule: 'mean-std' }, sweep: 's', methods });
    const md = renderMarkdown(t);
    // id3 @103K: F1 80, 90 → 85.0 ± 7.1 vs 95.86; P 78, 88 → 83.0; PER 90, 100 → 95.0 ± 7.1
    expect(md).toContain('| **ID3 (103K)** | measured | 1000 | 85.0 ± 7.1 | 83.0 ± 7.1 | 87.0 ± 7.1 | 95.0 ± 7.1 | 80.0 ± 0.0 | 70.0 ± 0.0 | 60.0 ± 0.0 |');
    expect(md).toContain('| | paper (ID3, DeBERTa-v3-base) | 103K | 95.9 | — | — | — | — | — | — |');
    expect(md).toContain('| | Δ | | −10.9 | — | — | — | — | — | — |');
    expect(md).toContain('| **ID3 (320K)** | measured | 1000 | 95.0 |');
    expect(md).toContain('| **Full-FT** | measured | 1000 | 90.0 |');
    expect(md).toContain('| | paper (Full-FT, DeBERTa-v3-base) | 184M | 96.7 |');
    expect(md).toContain("| **Fish (103K)** | not implemented (no method package answers to the paper name 'Fish') |");
    expect(md).not.toContain('Avg.');
    expect(md).toMatch(/\*\*Data:\*\* demo data \(synthetic NER sentences/);
    expect(md).toMatch(/\*\*Protocol:\*\* train on train; the checkpoint with the best validation span F1/);
  });

  test('buildReports writes the CoNLL table, CSV and chart for conll records, and no GLUE table for them', async () => {
    const root = mkdtempSync(join(tmpdir(), 'conll-reports-'));
    mkdirSync(join(root, 'cq'));
    for (const r of [conllRecord('bitfit', 1, 0.6), conllRecord('bitfit', 2, 0.7)]) writeFileSync(join(root, 'cq', `${r.id}.json`), JSON.stringify(r));
    writeFileSync(join(root, 'cq', '_sweep.json'), JSON.stringify({ name: 'cq', family: 'conll', aggregation: { rule: 'mean-std' }, report: { tables: ['red-table1'] }, seeds: [1, 2] }));
    const out = join(root, 'out');
    const built = await buildReports({ resultsRoot: root, outDir: out, methods, paperOnly: false });
    expect(built.tables.map((t) => t.files.map((f) => f.slice(out.length + 1)))).toEqual([['cq-id3-table4.md', 'cq-id3-table4.csv']]);
    expect(built.charts).toEqual([join(out, 'cq.png')]);
    expect(readFileSync(join(out, 'cq-id3-table4.md'), 'utf8')).toContain('| **BitFit** | measured | 1000 | 65.0 ± 7.1 |');
    expect(readFileSync(join(out, 'cq-id3-table4.csv'), 'utf8')).toMatch(/CoNLL-2003 F1/);
  });
});
