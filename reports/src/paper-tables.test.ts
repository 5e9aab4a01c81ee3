import { describe, expect, test } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hasShared } from '@peftbench/util';
import { findPaperRow, loadPaperTable, paperModels } from './paper-tables.ts';

const fixtureDir = mkdtempSync(join(tmpdir(), 'paper-'));
writeFileSync(join(fixtureDir, 'toy.json'), JSON.stringify({
  paper: { title: 'Toy paper' },
  tables: [{
    id: 'table1', caption: 'c', columns: ['RTE', 'Avg.'], average_column: 'Avg.', average_over: ['RTE'],
    rows: [
      { method: 'LoRA', model: 'base', trainable_params: '0.3M', values: { RTE: 75.3, 'Avg.': 75.3 } },
      { method: 'LoRA', model: 'large', trainable_params: '0.8M', values: { RTE: 86.3, 'Avg.': 86.3 } },
      { method: 'Adpt', model: 'large', trainable_params: '3.0M', values: { RTE: 83.8 } },
      { method: 'Adpt', model: 'large', trainable_params: '0.8M', values: { RTE: 80.1 } },
    ],
  }],
}));
writeFileSync(join(fixtureDir, 'broken.json'), '{"tables": [{"id": "table1", "columns": [], "average_over": [], "rows": [{"values": {}}]}]}');

describe('paper table lookup (fixture)', () => {
  const t = loadPaperTable('toy', 'table1', fixtureDir);
  test('rows are narrowed by backbone', () => {
    expect(findPaperRow(t, 'LoRA', { model: 'base' })!.values.RTE).toBe(75.3);
    expect(findPaperRow(t, 'LoRA', { model: 'large' })!.values.RTE).toBe(86.3);
    expect(paperModels(t)).toEqual(['base', 'large']);
  });
  test('a method the paper lacks gives null; an ambiguous one throws', () => {
    expect(findPaperRow(t, 'BitFit', { model: 'base' })).toBeNull();
    expect(() => findPaperRow(t, 'Adpt', { model: 'large' })).toThrow(/2 rows for method 'Adpt' on large/);
  });
  test('bad files name the file and the place', () => {
    expect(() => loadPaperTable('nope', 'table1', fixtureDir)).toThrow(/nope\.json: paper table file not found/);
    expect(() => loadPaperTable('toy', 'table9', fixtureDir)).toThrow(/toy\.json \[tables\]: no table with id 'table9'/);
    expect(() => loadPaperTable('broken', 'table1', fixtureDir)).toThrow(/broken\.json \[tables\[0\]\.rows\[0\]\]: expected 'method' and 'values'/);
  });
});

const reason = 'needs ../shared/papers/tables (absent on this machine)';
if (!hasShared('papers/tables')) console.log(`skipping real paper-table checks: ${reason}`);

describe.skipIf(!hasShared('papers/tables'))('paper table lookup (../shared/papers/tables)', () => {
  test('RED Table 1: base and large rows as printed', () => {
    const t = loadPaperTable('red', 'table1');
    expect(t.columns).toEqual(['MNLI', 'SST-2', 'MRPC', 'CoLA', 'QNLI', 'QQP', 'RTE', 'STS-B', 'Avg.']);
    expect(findPaperRow(t, 'RED', { model: 'RoBERTa-base' })!.values).toMatchObject({ MNLI: 83.9, RTE: 78.0, 'STS-B': 90.4, 'Avg.': 84.3 });
    expect(findPaperRow(t, 'RED', { model: 'RoBERTa-base' })!.trainable_params).toBe('0.02M');
    expect(findPaperRow(t, 'LoRA', { model: 'RoBERTa-large' })!.values.CoLA).toBe(65.5);
    expect(findPaperRow(t, 'BitFit', { model: 'RoBERTa-large' })).toBeNull(); // RED prints BitFit for base only
  });
  test('IT-Tuning Table 1: RoBERTa-large rows; BitFit and RED absent', () => {
    const t = loadPaperTable('it-tuning', 'table1');
    expect(t.columns.slice(0, 4)).toEqual(['CoLA', 'SST-2', 'MRPC', 'STS-B']);
    expect(findPaperRow(t, 'LoRA', { model: 'RoBERTa-large' })!.values).toMatchObject({ CoLA: 68.2, RTE: 87.4, 'Avg.': 89.05 });
    expect(findPaperRow(t, 'FT', { model: 'RoBERTa-large' })!.trainable_params).toBe('355.0M');
    expect(findPaperRow(t, 'RED', { model: 'RoBERTa-large' })).toBeNull();
    expect(() => findPaperRow(t, 'Adpt^P', { model: 'RoBERTa-large' })).toThrow(/2 rows/);
  });
  test('ID3 Table 1: Full-FT and BitFit rows', () => {
    const t = loadPaperTable('id3', 'table1');
    expect(findPaperRow(t, 'Full-FT', { model: 'DeBERTa-v3-base' })!.values['MNLI-mm']).toBe(90.51);
    expect(findPaperRow(t, 'BitFit', { model: 'DeBERTa-v3-base' })!.values.RTE).toBe(80.87);
  });
});
