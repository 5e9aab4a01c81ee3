/**
 * Each GLUE task's official metric set (GLUE paper, Wang et al. 2019, Table 1; the HF
 * `glue_compute_metrics` keys): CoLA MCC; STS-B Pearson + Spearman; MRPC / QQP accuracy + F1;
 * accuracy for SST-2, MNLI (matched / mismatched), QNLI, RTE, WNLI.
 */
import { InputError } from '@peftbench/util';
import { accuracy, f1Binary, matthewsCorrcoef, type Label } from './classification.ts';
import { pearson, spearman } from './correlation.ts';

export const GLUE_TASKS = ['cola', 'sst2', 'mrpc', 'stsb', 'qqp', 'mnli', 'mnli-mm', 'qnli', 'rte', 'wnli'] as const;
export type GlueTask = (typeof GLUE_TASKS)[number];

export interface GlueMetrics {
  accuracy?: number;
  f1?: number;
  /** GLUE's combined MRPC / QQP score: (acc + F1) / 2. */
  accAndF1?: number;
  mcc?: number;
  pearson?: number;
  spearman?: number;
  /** GLUE's combined STS-B score: (Pearson + Spearman) / 2. */
  pearsonSpearmanMean?: number;
}

function normaliseTask(task: string): GlueTask {
  const t = task.toLowerCase().replace(/_/g, '-').replace(/^sst-2$/, 'sst2').replace(/^sts-b$/, 'stsb');
  const alias: Record<string, GlueTask> = { 'mnli-m': 'mnli', 'mnli-matched': 'mnli', 'mnli-mismatched': 'mnli-mm' };
  const name = (alias[t] ?? t) as GlueTask;
  if (!(GLUE_TASKS as readonly string[]).includes(name)) {
    throw new InputError(`glue: unknown task '${task}' (expected one of ${GLUE_TASKS.join(', ')})`);
  }
  return name;
}

export function glueTaskMetrics(task: string, preds: readonly (Label | number)[], labels: readonly (Label | number)[]): GlueMetrics {
  const t = normaliseTask(task);
  if (t === 'cola') return { mcc: matthewsCorrcoef(preds, labels), accuracy: accuracy(preds, labels) };
  if (t === 'stsb') {
    const p = pearson(preds as number[], labels as number[]);
    const s = spearman(preds as number[], labels as number[]);
    return { pearson: p, spearman: s, pearsonSpearmanMean: (p + s) / 2 };
  }
  if (t === 'mrpc' || t === 'qqp') {
    const acc = accuracy(preds, labels), f1 = f1Binary(preds, labels);
    return { accuracy: acc, f1, accAndF1: (acc + f1) / 2 };
  }
  return { accuracy: accuracy(preds, labels) };
}

/**
 * The metric a results table reports for the task: MCC for CoLA, Pearson for STS-B (as RED reports
 * it; `pearsonSpearmanMean` is GLUE's own combination), accuracy otherwise. MRPC / QQP tables carry
 * accuracy and F1; `main` is accuracy and `also` lists F1.
 */
export function glueMainMetric(task: string): { main: keyof GlueMetrics; also: (keyof GlueMetrics)[] } {
  const t = normaliseTask(task);
  if (t === 'cola') return { main: 'mcc', also: [] };
  if (t === 'stsb') return { main: 'pearson', also: ['spearman', 'pearsonSpearmanMean'] };
  if (t === 'mrpc' || t === 'qqp') return { main: 'accuracy', also: ['f1', 'accAndF1'] };
  return { main: 'accuracy', also: [] };
}
