/** Result records for report tests, shaped exactly like the runner's files (they pass record-check.ts). */
import type { ResultRecord } from '../result-files.ts';
import { RECORD_FORMAT, runId } from '../record-check.ts';

export interface RecordArgs {
  task: string;
  method: string;
  seed: number;
  /** Selection score (fraction). */
  value: number;
  /** Reported metrics (fractions); default: { accuracy, mcc, pearson, spearman } = value. */
  test?: Record<string, number | null>;
  lr?: number;
  status?: 'ok' | 'diverged' | 'failed';
  params?: number;
  data?: ResultRecord['spec']['data'];
  model?: string;
  protocol?: string;
  family?: string;
  methodConfig?: Record<string, unknown>;
  /** Selection metric name (default accuracy; a name with 'loss' is minimised). */
  metric?: string;
  history?: ResultRecord['result']['history'];
  sweep?: string;
}

export type TestRecord = ResultRecord & { format: string; environment: object; startedAt: string; runnerWallSeconds: number };

export function makeRecord(a: RecordArgs): TestRecord {
  const test = a.test ?? { accuracy: a.value, mcc: a.value, pearson: a.value, spearman: a.value };
  const spec = {
    family: a.family ?? 'glue', task: a.task, method: a.method, methodConfig: a.methodConfig ?? {}, seed: a.seed,
    model: a.model ?? 'pretrain:tiny-roberta', data: a.data ?? { kind: 'demo' as const }, protocol: a.protocol ?? 'red-split',
    hyper: { learningRate: a.lr ?? 1e-3, batchSize: 8, epochs: 1, maxLength: 32, warmupRatio: 0, weightDecay: 0 },
  };
  const id = runId(spec);
  const sweep = a.sweep ?? 'unit';
  return {
    format: RECORD_FORMAT,
    id,
    sweep,
    spec: { ...spec, ...({ id, sweep } as object) },
    result: {
      status: a.status ?? 'ok',
      trainableParams: a.params ?? 1000,
      evals: [{ step: 10, epoch: 1, metrics: { [a.metric ?? 'accuracy']: a.value } }],
      best: a.status === 'failed' ? null : { metric: a.metric ?? 'accuracy', value: a.value, step: 10, testMetrics: test },
      backend: { name: 'wasm', threads: 1, versions: { tfjs: '4.22.0' } },
      wallSeconds: 1,
      ...(a.history ? { history: a.history } : {}),
    },
    git: { commit: '0123456789abcdef', dirty: false },
    environment: { node: 'v20.0.0', platform: 'linux', arch: 'x64', cpus: 2, cpuModel: 'test' },
    startedAt: '2025-01-01T00:00:00.000Z',
    finishedAt: '2025-01-01T00:00:00.000Z',
    runnerWallSeconds: 1,
  };
}

/** Method descriptions as method packages give them (label, paper names, order), for injecting in tests. */
export const TEST_METHODS = [
  { name: 'full-ft', label: 'FT', paperNames: ['FT', 'Full-FT', 'FT^top2'], order: 10 },
  { name: 'bitfit', label: 'BitFit', paperNames: ['BitFit'], order: 20 },
  { name: 'lora', label: 'LoRA', paperNames: ['LoRA'], order: 30 },
  { name: 'red', label: 'RED', paperNames: ['RED'], order: 40 },
  { name: 'it-tuning', label: 'IT-Tuning', paperNames: ['IT-Tuning'], order: 50 },
  { name: 'id3', label: 'ID3', paperNames: ['ID3'], order: 60 },
  { name: 'random-mask', label: 'R-Mask', paperNames: ['R-Mask'], order: 64 },
];
