import { describe, expect, test } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { hasShared, sharedDir } from '@peftbench/util';
import { accuracy, f1Binary, matthewsCorrcoef, pearson, spearman, averageRanks } from './index.ts';
import { glueTaskMetrics, glueMainMetric } from './tasks.ts';

describe('GLUE metrics by hand', () => {
  test('accuracy, F1 and MCC of a 2x2 table worked out on paper', () => {
    // tp=2 fp=1 fn=1 tn=2 -> acc 4/6, F1 = 4/6, MCC = (2*2-1*1)/sqrt(3*3*3*3) = 1/3
    const labels = [1, 1, 1, 0, 0, 0], preds = [1, 1, 0, 1, 0, 0];
    expect(accuracy(preds, labels)).toBeCloseTo(4 / 6, 15);
    expect(f1Binary(preds, labels)).toBeCloseTo(4 / 6, 15);
    expect(matthewsCorrcoef(preds, labels)).toBeCloseTo(1 / 3, 15);
  });
  test('ranks average over ties; Spearman of a monotone map is 1', () => {
    expect(averageRanks([10, 20, 20, 5])).toEqual([2, 3.5, 3.5, 1]);
    expect(spearman([1, 2, 3, 4], [1, 4, 9, 16])).toBeCloseTo(1, 15);
    expect(pearson([1, 2, 3], [2, 4, 6])).toBeCloseTo(1, 15);
    expect(Number.isNaN(pearson([1, 1, 1], [1, 2, 3]))).toBe(true);
  });
  test('task metric sets and the main metric', () => {
    expect(Object.keys(glueTaskMetrics('mrpc', [1, 0], [1, 1])).sort()).toEqual(['accAndF1', 'accuracy', 'f1']);
    expect(glueTaskMetrics('mnli-mm', ['a', 'b'], ['a', 'a']).accuracy).toBe(0.5);
    expect(glueMainMetric('cola').main).toBe('mcc');
    expect(glueMainMetric('STS-B').main).toBe('pearson');
    expect(() => glueTaskMetrics('squad', [1], [1])).toThrow(/unknown task 'squad'/);
    expect(() => accuracy([1, 0], [1])).toThrow(/2 predictions but 1 labels/);
  });
});

const FIXTURE = 'fixtures/metrics/glue_metrics.json';
describe.skipIf(!hasShared(FIXTURE))('GLUE metrics vs sklearn / scipy vectors', () => {
  if (!hasShared(FIXTURE)) console.log(`skip: ${FIXTURE} not found under ${sharedDir}`);
  const fx = hasShared(FIXTURE) ? JSON.parse(readFileSync(join(sharedDir, FIXTURE), 'utf8')) : {};
  const near = (a: number, b: number | null) => (b === null ? expect(Number.isNaN(a)).toBe(true) : expect(Math.abs(a - b)).toBeLessThan(1e-12));
  test('binary cases and edge cases', () => {
    for (const c of [...fx.binary_classification, ...fx.edge_cases_classification]) {
      near(accuracy(c.predictions, c.labels), c.accuracy);
      near(f1Binary(c.predictions, c.labels), c.f1_binary_pos1);
      near(matthewsCorrcoef(c.predictions, c.labels), c.matthews_corrcoef);
      near(glueTaskMetrics('mrpc', c.predictions, c.labels).accAndF1!, c.acc_and_f1_mean);
    }
  });
  test('multiclass accuracy and MCC', () => {
    for (const c of fx.multiclass_accuracy) {
      near(accuracy(c.predictions, c.labels), c.accuracy);
      near(matthewsCorrcoef(c.predictions, c.labels), c.matthews_corrcoef_multiclass);
    }
  });
  test('STS-B Pearson / Spearman incl. ties and constant predictions', () => {
    for (const c of [...fx.regression_stsb, ...fx.edge_cases_regression]) {
      const m = glueTaskMetrics('stsb', c.predictions, c.labels);
      near(m.pearson!, c.pearson);
      near(m.spearman!, c.spearman);
      near(m.pearsonSpearmanMean!, c.pearson_spearman_mean);
    }
  });
});
