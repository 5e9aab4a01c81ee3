import { describe, expect, test } from 'vitest';
import { findPaperRow, loadPaperTable, paperModels } from './paper-tables.ts';

// The paper numbers ship with the repository (@peftbench/papers): these run on a fresh clone.
describe('paper tables from @peftbench/papers', () => {
  test('RED Table 1: base and large rows as printed', () => {
    const t = loadPaperTable('red', 'table1');
    expect(t.columns).toEqual(['MNLI', 'SST-2', 'MRPC', 'CoLA', 'QNLI', 'QQP', 'RTE', 'STS-B', 'Avg.']);
    expect(paperModels(t)).toEqual(['RoBERTa-base', 'RoBERTa-large']);
    expect(findPaperRow(t, 'RED', { model: 'RoBERTa-base' })!.values).toMatchObject({ MNLI: 83.9, RTE: 78.0, 'STS-B': 90.4, 'Avg.': 84.3 });
    expect(findPaperRow(t, 'LoRA', { model: 'RoBERTa-large' })!.values.CoLA).toBe(65.5);
    expect(findPaperRow(t, 'BitFit', { model: 'RoBERTa-large' })).toBeNull(); // RED prints BitFit for base only
  });
  test('IT-Tuning Table 1: Adpt^P is printed at two sizes, so it is ambiguous without one', () => {
    const t = loadPaperTable('it-tuning', 'table1');
    expect(findPaperRow(t, 'LoRA', { model: 'RoBERTa-large' })!.values).toMatchObject({ CoLA: 68.2, RTE: 87.4, 'Avg.': 89.05 });
    expect(() => findPaperRow(t, 'Adpt^P', { model: 'RoBERTa-large' })).toThrow(/2 rows/);
    expect(findPaperRow(t, 'Adpt^P', { match: { trainable_params: '0.8M' } })!.trainable_params).toBe('0.8M');
  });
  test('an unknown table is an input error naming the data file', () => {
    expect(() => loadPaperTable('red', 'table99')).toThrow(/packages\/papers\/src\/data\/red\.ts \[tables\]: no table with id 'table99'/);
  });
});
