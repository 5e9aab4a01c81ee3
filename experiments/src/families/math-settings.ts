/**
 * A math run's settings from the sweep's hyper (`extra` keys included). Decoding is greedy (the brief's
 * choice for the tiny decoder; LLM-Adapters' evaluate.py samples with 4 beams and 256 new tokens). The
 * training text is cut at the sweep's `maxLength` (LLM-Adapters' cutoff_len is 256).
 */
import { MATH_EVAL_SETS } from '@peftbench/datasets';
import { InputError } from '@peftbench/util';
import type { Hyper } from '../run-types.ts';
import { mathExtraSchema } from '../families.ts';

export interface MathSettings {
  /** Eval sets to score (LLM-Adapters spelling). */
  evalSets: string[];
  /** At most this many problems per eval set (seeded subset, seed 0); absent = all. */
  evalLimit?: number;
  /** At most this many training records (seeded by the run's seed). */
  trainLimit?: number;
  cutoffLength: number;
  maxNewTokens: number;
  genBatchSize: number;
}

const extraSchema = mathExtraSchema;

/** Task 'math10k' scores every eval set; a task named after one set (gsm8k, …) scores that set only. */
export function mathSettings(hyper: Hyper, where: string, task = 'math10k'): MathSettings {
  const r = extraSchema.safeParse(Object.fromEntries(Object.keys(extraSchema.shape).filter((k) => hyper[k] !== undefined).map((k) => [k, hyper[k]])));
  if (!r.success) {
    const issue = r.error.issues[0];
    throw new InputError(`${where} [hyper.${issue.path.join('.')}]: ${issue.message}`);
  }
  const x = r.data;
  let taskSets: string[] = [...MATH_EVAL_SETS];
  if (task !== 'math10k') {
    const set = MATH_EVAL_SETS.find((s) => s.toLowerCase() === task.toLowerCase());
    if (!set) throw new InputError(`${where} [task]: '${task}' has no evaluation set here (known: math10k, ${MATH_EVAL_SETS.join(', ')})`);
    taskSets = [set];
  }
  return {
    evalSets: x.evalSets ?? taskSets,
    evalLimit: hyper.evalLimit,
    trainLimit: hyper.trainLimit,
    cutoffLength: hyper.maxLength,
    maxNewTokens: x.maxNewTokens ?? 64,
    genBatchSize: x.genBatchSize ?? 16,
  };
}

/** Result-file key of one eval set's accuracy (a fraction). */
export const accuracyKey = (set: string) => `accuracy_${set.toLowerCase()}`;
export const AVERAGE_KEY = 'accuracy_avg';
