/**
 * A deterministic test double for RunFn (not a model): its metrics are a closed-form function of the task,
 * method, seed and learning rate, so tests can predict every number a report should print. Behaviour knobs
 * live in methodConfig so that they also reach worker processes:
 *   fakeSleepMs      wait this long per step (resume-after-kill tests)
 *   fakeSteps        steps per run (default 4)
 *   fakeCrashSeeds   throw for these seeds            → 'failed'
 *   fakeDivergeSeeds return NaN loss and metrics      → 'diverged'
 *   fakeExitSeeds    kill the worker process mid-run  → 'failed' (process exited)
 * With FAKE_RUN_LOG set, every run start appends "<id>\n" to that file (to count executions).
 */
import { appendFileSync } from 'node:fs';
import type { PrepareFn, RunFn, RunSpec } from '../run-types.ts';

const methodBase: Record<string, number> = { 'full-ft': 0.8, bitfit: 0.7, lora: 0.75, red: 0.72 };
const taskOffset: Record<string, number> = { cola: -0.3, stsb: 0.05, rte: -0.1, mrpc: 0, sst2: 0.1, mnli: 0, qnli: 0.05, qqp: 0.05, wnli: -0.2 };

/** The selection score of a run: method base + task offset + 0.01·seed − 0.02·|log10(lr) + 3|. */
export function fakeScore(spec: Pick<RunSpec, 'method' | 'task' | 'seed' | 'hyper'>): number {
  const lrPenalty = 0.02 * Math.abs(Math.log10(spec.hyper.learningRate) + 3);
  return (methodBase[spec.method] ?? 0.6) + (taskOffset[spec.task] ?? 0) + 0.01 * spec.seed - lrPenalty;
}

/** Every metric key the reports read, derived from one score (test split = score − 0.005). */
export function fakeMetrics(score: number): Record<string, number> {
  return { accuracy: score, accuracy_mm: score - 0.01, f1: score + 0.02, mcc: score - 0.1, pearson: score + 0.01, spearman: score - 0.01, pearsonSpearmanMean: score };
}

const list = (v: unknown): number[] => (Array.isArray(v) ? v.filter((x): x is number => typeof x === 'number') : []);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export const fakeRun: RunFn = async (spec, onProgress) => {
  if (process.env.FAKE_RUN_LOG) appendFileSync(process.env.FAKE_RUN_LOG, `${spec.id}\n`);
  const cfg = spec.methodConfig;
  const steps = typeof cfg.fakeSteps === 'number' ? cfg.fakeSteps : 4;
  const sleepMs = typeof cfg.fakeSleepMs === 'number' ? cfg.fakeSleepMs : 0;
  const diverge = list(cfg.fakeDivergeSeeds).includes(spec.seed);
  const score = fakeScore(spec);
  const evals: { step: number; epoch: number; metrics: Record<string, number> }[] = [];
  for (let step = 1; step <= steps; step++) {
    if (sleepMs > 0) await sleep(sleepMs);
    if (step === Math.ceil(steps / 2) && list(cfg.fakeCrashSeeds).includes(spec.seed)) throw new Error(`fake crash at step ${step} (seed ${spec.seed})`);
    if (step === Math.ceil(steps / 2) && list(cfg.fakeExitSeeds).includes(spec.seed)) process.exit(3);
    const loss = diverge && step > 1 ? NaN : 1 / step;
    onProgress({ step, totalSteps: steps, loss, phase: 'train' });
    // the score climbs to its final value at the last step, so best = last eval
    const s = diverge && step > 1 ? NaN : score - 0.05 * (steps - step);
    evals.push({ step, epoch: step / steps, metrics: fakeMetrics(s) });
  }
  const last = evals[evals.length - 1];
  const value = last.metrics.accuracy;
  return {
    status: diverge ? 'diverged' : 'ok',
    message: diverge ? 'loss became NaN' : undefined,
    trainableParams: spec.method === 'full-ft' ? 1_000_000 : spec.method === 'red' ? 2_048 : 20_000,
    evals,
    best: diverge
      ? { metric: 'accuracy', value: evals[0].metrics.accuracy, step: 1, testMetrics: fakeMetrics(evals[0].metrics.accuracy - 0.005) }
      : { metric: 'accuracy', value, step: last.step, testMetrics: fakeMetrics(value - 0.005) },
    backend: { name: 'fake', threads: 1, versions: { fake: '1.0.0' } },
    wallSeconds: (steps * sleepMs) / 1000,
  };
};

/** Test double for PrepareFn: logs "prepare <n runs>" to FAKE_RUN_LOG; throws when FAKE_PREPARE_FAIL is set. */
export const fakePrepare: PrepareFn = async (specs, onProgress) => {
  if (process.env.FAKE_RUN_LOG) appendFileSync(process.env.FAKE_RUN_LOG, `prepare ${specs.length}\n`);
  onProgress({ step: 1, totalSteps: 1, phase: 'pretrain' });
  if (process.env.FAKE_PREPARE_FAIL) throw new Error('fake pretraining crashed');
};
