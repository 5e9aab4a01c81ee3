/** Result records for report tests, shaped like the runner's files (only the fields reports read matter). */
import type { ResultRecord } from '../result-files.ts';

export interface RecordArgs {
  task: string;
  method: string;
  seed: number;
  /** Selection score (fraction). */
  value: number;
  /** Reported metrics (fractions); default: { accuracy, mcc, pearson } = value. */
  test?: Record<string, number | null>;
  lr?: number;
  status?: 'ok' | 'diverged' | 'failed';
  params?: number;
  data?: ResultRecord['spec']['data'];
  model?: string;
  protocol?: string;
}

export function makeRecord(a: RecordArgs): ResultRecord {
  const test = a.test ?? { accuracy: a.value, mcc: a.value, pearson: a.value, spearman: a.value };
  const id = `${a.task}-${a.method}-s${a.seed}-lr${a.lr ?? 1e-3}`;
  return {
    id,
    sweep: 'unit',
    spec: {
      family: 'glue', task: a.task, method: a.method, methodConfig: {}, seed: a.seed,
      model: a.model ?? 'pretrain:tiny-roberta', data: a.data ?? { kind: 'demo' }, protocol: a.protocol ?? 'red-split',
      hyper: { learningRate: a.lr ?? 1e-3, batchSize: 8, epochs: 1, maxLength: 32, warmupRatio: 0, weightDecay: 0 },
      ...({ id, sweep: 'unit' } as object),
    },
    result: {
      status: a.status ?? 'ok',
      trainableParams: a.params ?? 1000,
      evals: [{ step: 10, epoch: 1, metrics: { accuracy: a.value } }],
      best: a.status === 'failed' ? null : { metric: 'accuracy', value: a.value, step: 10, testMetrics: test },
      backend: { name: 'wasm', threads: 1, versions: { tfjs: '4.22.0' } },
      wallSeconds: 1,
    },
    git: { commit: '0123456789abcdef', dirty: false },
    finishedAt: '2025-01-01T00:00:00.000Z',
  };
}
