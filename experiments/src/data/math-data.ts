/**
 * Which math text a math run trains on, selects on and evaluates on — one rule shared by the runs and by
 * the decoder pretraining (which sees the training part only):
 *  - demo (default): the demo arithmetic suite (@peftbench/datasets demoMath, seed 0): its training
 *    problems, and its six demo eval sets;
 *  - a folder in the LLM-Adapters layout: Math10K (ft-training_set/math_10k.json) when present, else the
 *    demo arithmetic training problems (../shared/data/llm-adapters ships no training split); evaluation
 *    on the folder's real sets.
 * The training records are split 90/10 (seed 0, so pretraining and every run agree) into train and a
 * selection part whose response loss picks the checkpoint. Evaluation answers are never trained on.
 */
import { loadMath, MATH_EVAL_SETS, type MathRecord } from '@peftbench/datasets';
import { Rng } from '@peftbench/util';
import type { DataSource } from '../run-types.ts';

/** Demo arithmetic training problems (records); its eval sets get size / 5 problems each. */
export const DEMO_MATH_SIZE = 2000;
/** Fraction of the training records kept for training (the rest selects the checkpoint). */
export const MATH_TRAIN_FRACTION = 0.9;

export interface MathRunSplits {
  train: MathRecord[];
  selection: MathRecord[];
  /** Eval set name (LLM-Adapters spelling: gsm8k, SVAMP, …) → records with gold answers. */
  evalSets: Record<string, MathRecord[]>;
  /** True when the eval sets are demo data (every title says so). */
  demoEval: boolean;
  /** True when training used the demo arithmetic problems. */
  demoTrain: boolean;
  description: string;
}

export async function mathSplitsFor(source: DataSource, sets: readonly string[] = MATH_EVAL_SETS): Promise<MathRunSplits> {
  if (source.kind === 'hub') throw new Error('math runs: no canonical hub copy of Math10K; use --data <folder>');
  const demo = await loadMath({ source: { kind: 'demo', seed: 0, size: DEMO_MATH_SIZE }, sets: [...sets] });
  const real = source.kind === 'folder' ? await loadMath({ source: { kind: 'folder', dir: source.dir }, sets: [...sets] }) : undefined;
  const records = real?.train ?? demo.train!;
  const shuffled = new Rng(0).shuffle(records.slice());
  const cut = Math.round(shuffled.length * MATH_TRAIN_FRACTION);
  const renumber = (xs: MathRecord[]) => xs.map((x, idx) => ({ ...x, idx }));
  const demoTrain = !real?.train;
  const trainText = demoTrain ? `demo arithmetic training problems (${DEMO_MATH_SIZE}, seed 0)` : `Math10K from ${source.kind === 'folder' ? source.dir : ''}`;
  const evalText = real ? `real eval sets from ${real.source}` : 'demo arithmetic eval sets (demo data)';
  return {
    train: renumber(shuffled.slice(0, cut)),
    selection: renumber(shuffled.slice(cut)),
    evalSets: real?.eval ?? demo.eval,
    demoEval: !real,
    demoTrain,
    description: `train on ${trainText}: ${cut} train / ${shuffled.length - cut} selection (seed 0); evaluate on ${evalText}`,
  };
}

/** A seeded subset (fixed seed 0: every method and seed sees the same problems) of at most `limit` records. */
export function evalSubset(records: readonly MathRecord[], limit: number | undefined): MathRecord[] {
  const picked = limit && limit < records.length ? new Rng(0).shuffle(records.slice()).slice(0, limit) : records.slice();
  return picked.map((x, idx) => ({ ...x, idx }));
}
