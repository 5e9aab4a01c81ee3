import { describe, expect, test } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { hasShared, sharedDir } from '@peftbench/util';
import { findPaperRow, hyperValue, PAPER_IDS, paperDataTable, paperFile, paperHyperparameters, paperModels, paperTable, paperTableIds } from './index.ts';

describe('the papers\' tables (repo copy, no ../shared needed)', () => {
  test('every paper has its results tables and hyperparameters', () => {
    expect(paperTableIds('it-tuning')).toEqual(['table1', 'table2', 'table3']);
    expect(paperTableIds('red')).toEqual(['table1', 'table2', 'table3', 'table4', 'table5', 'table6', 'table7', 'table8', 'table14', 'table15', 'table16', 'table17', 'table18']);
    expect(paperTableIds('id3')).toEqual(['table1', 'table2', 'table3', 'table4', 'table5', 'table6']);
    expect(paperHyperparameters('red').length).toBe(24);
    expect(paperHyperparameters('it-tuning').length).toBe(3);
    expect(paperHyperparameters('id3').length).toBe(6);
  });

  test('RED Table 1: rows by backbone, values as printed', () => {
    const t = paperTable('red', 'table1');
    expect(t.columns).toEqual(['MNLI', 'SST-2', 'MRPC', 'CoLA', 'QNLI', 'QQP', 'RTE', 'STS-B', 'Avg.']);
    expect(paperModels(t)).toEqual(['RoBERTa-base', 'RoBERTa-large']);
    expect(findPaperRow(t, 'RED', { model: 'RoBERTa-base' })!.values).toMatchObject({ MNLI: 83.9, RTE: 78.0, 'STS-B': 90.4, 'Avg.': 84.3 });
    expect(findPaperRow(t, 'RED', { model: 'RoBERTa-base' })!.trainable_params).toBe('0.02M');
    expect(findPaperRow(t, 'LoRA', { model: 'RoBERTa-large' })!.values.CoLA).toBe(65.5);
    expect(findPaperRow(t, 'BitFit', { model: 'RoBERTa-large' })).toBeNull();
    expect(t.paperTitle).toBe('Advancing Parameter Efficiency in Fine-tuning via Representation Editing');
  });

  test('variant rows are found by their field: IT-Tuning T3 rank, RED T7 position', () => {
    const t3 = paperTable('it-tuning', 'table3');
    expect(t3.rows.map((r) => r.rank)).toEqual([1, 2, 4, 8, 4]);
    expect(() => findPaperRow(t3, t3.rows[0].method)).toThrow(/rows for method/);
    const r4 = t3.rows.find((r) => r.rank === 4 && r.updated_attention_vector !== 'key')!;
    expect(findPaperRow(t3, r4.method, { match: { rank: 4, updated_attention_vector: r4.updated_attention_vector } })).toBe(r4);
    const t7 = paperTable('red', 'table7');
    expect(t7.rows.map((r) => r.position)).toHaveLength(3);
  });

  test('ID3 Table 1: budgets 103K and 320K, R-Mask labelled, Full-FT 184M', () => {
    const t = paperTable('id3', 'table1');
    expect(findPaperRow(t, 'Full-FT')!.values['MNLI-mm']).toBe(90.51);
    expect(findPaperRow(t, 'BitFit', { budget: '103K' })!.values.RTE).toBe(80.87);
    expect(findPaperRow(t, 'R-Mask', { budget: '320K' })).not.toBeNull();
    expect(() => findPaperRow(t, 'ID3')).toThrow(/2 rows for method 'ID3'/);
  });

  test('hyperparameters: per-task objects are indexed, scalars apply to every task', () => {
    const [ft] = paperHyperparameters('red', { tableId: 'table9', method: 'FT' });
    expect(hyperValue(ft, 'learning_rate', 'RTE')).toBe(1e-5);
    expect(hyperValue(ft, 'epochs', 'SST-2')).toBe(40);
    expect(hyperValue(ft, 'max_seq_len', 'RTE')).toBe(256);
  });

  test('data tables are not results tables; bad ids are input errors naming the place', () => {
    expect(paperDataTable('red', 'table8').rows[0].values['#Valid']).toBe('522');
    expect(() => paperTable('red', 'table8')).toThrow(/packages\/papers\/src\/data\/red\.ts \[tables\[7\]\.rows\[0\]\]: not a results row/);
    expect(() => paperTable('red', 'table99')).toThrow(/red\.ts \[tables\]: no table with id 'table99'/);
    expect(() => paperFile('lora')).toThrow(/unknown paper 'lora'/);
  });
});

const tablesDir = 'papers/tables';
if (!hasShared(tablesDir)) console.log(`skipping the comparison with ../shared/${tablesDir}: absent on this machine`);

describe.skipIf(!hasShared(tablesDir))('the repo copy equals ../shared/papers/tables', () => {
  for (const paper of PAPER_IDS) {
    test(`${paper}: every table, row, value and hyperparameter`, () => {
      const shared = JSON.parse(readFileSync(join(sharedDir, tablesDir, `${paper}.json`), 'utf8'));
      expect(paperFile(paper)).toEqual(shared);
    });
  }
});

const texts: Record<string, string> = { red: 'red-representation-editing.txt', 'it-tuning': 'it-tuning.txt', id3: 'id3-step-by-step-unmasking.txt' };
describe.skipIf(!hasShared('papers/red-representation-editing.txt'))('every printed number occurs in the paper text', () => {
  for (const paper of PAPER_IDS) {
    test(paper, () => {
      const text = readFileSync(join(sharedDir, 'papers', texts[paper]), 'utf8');
      const missing: string[] = [];
      let checked = 0;
      for (const t of paperFile(paper).tables) {
        for (const r of t.rows) {
          for (const [col, v] of Object.entries(r.values)) {
            if (typeof v !== 'number') continue;
            checked++;
            // 78.0 is stored as 78: accept the printed forms with one or two decimals
            if (![String(v), v.toFixed(1), v.toFixed(2)].some((s) => text.includes(s))) missing.push(`${t.id} ${r.method} ${col} ${v}`);
          }
        }
      }
      expect(checked).toBeGreaterThan(100);
      expect(missing).toEqual([]);
    });
  }
});
