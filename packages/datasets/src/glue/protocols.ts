import { InputError, Rng } from '@peftbench/util';
import type { GlueData, GlueExample } from './types.ts';

/**
 * Evaluation protocols (the papers differ):
 *  - 'dev'       : train on train; validation = test = the dev set (report the best dev epoch, as
 *                  IT-Tuning and LoRA do).
 *  - 'red-split' : RED (Appendix A.1, Table 8): the dev set shuffled with the run's seed, then MNLI, QNLI
 *                  and QQP: the first 1,000 examples are validation and the rest test; other tasks:
 *                  the first ceil(n/2) validation and the rest test (CoLA 522/521, RTE 139/138). Select
 *                  on validation, report test.
 *  - 'id3'       : ID3 (§4.1, Table 7b): "fine-tune on the training splits and evaluate on the
 *                  validation splits", evaluating every Eval_Steps; the same data split as 'dev'
 *                  (validation = test = dev), with selection by step and best-3-of-4 seed aggregation
 *                  left to the runner (see ID3_EVAL below).
 */
export const PROTOCOLS = ['dev', 'red-split', 'id3'] as const;
export type Protocol = (typeof PROTOCOLS)[number];

export interface ProtocolSplits {
  protocol: Protocol;
  train: GlueExample[];
  /** Select the checkpoint on this. */
  validation: GlueExample[];
  /** Report on this (the same array as validation under 'dev' and 'id3'). */
  test: GlueExample[];
  /** MNLI only: the mismatched dev set under the same protocol. */
  mismatched?: { validation: GlueExample[]; test: GlueExample[] };
  /** One line for report headers. */
  description: string;
}

const LARGE_DEV_TASKS = new Set(['mnli', 'qnli', 'qqp']);
export const RED_LARGE_VALIDATION = 1000;

/** ID3's per-task evaluation schedule and selection metric (paper Table 7b). */
export const ID3_EVAL: Record<string, { metric: string; epochs: number; evalSteps: number; maxSeqLength: number }> = {
  rte: { metric: 'accuracy', epochs: 30, evalSteps: 100, maxSeqLength: 256 },
  mrpc: { metric: 'accuracy', epochs: 30, evalSteps: 100, maxSeqLength: 256 },
  cola: { metric: 'matthews_correlation', epochs: 20, evalSteps: 200, maxSeqLength: 256 },
  stsb: { metric: 'mean of pearson and spearman', epochs: 15, evalSteps: 200, maxSeqLength: 256 },
  sst2: { metric: 'accuracy', epochs: 7, evalSteps: 500, maxSeqLength: 256 },
  qnli: { metric: 'accuracy', epochs: 7, evalSteps: 1000, maxSeqLength: 256 },
  qqp: { metric: 'accuracy', epochs: 3, evalSteps: 4000, maxSeqLength: 256 },
  mnli: { metric: 'accuracy', epochs: 3, evalSteps: 4000, maxSeqLength: 256 },
};

export function parseProtocol(name: string): Protocol {
  if ((PROTOCOLS as readonly string[]).includes(name)) return name as Protocol;
  throw new InputError(`unknown evaluation protocol '${name}' (known: ${PROTOCOLS.join(', ')})`);
}

export function applyProtocol(data: GlueData, protocol: Protocol, seed: number): ProtocolSplits {
  const devNames = data.task === 'mnli' ? ['validation_matched', 'validation_mismatched'] : ['validation'];
  const [main, mm] = devNames.map((n) => data.splits[n]);
  if (protocol === 'dev' || protocol === 'id3') {
    return {
      protocol,
      train: data.splits.train,
      validation: main,
      test: main,
      ...(mm ? { mismatched: { validation: mm, test: mm } } : {}),
      description: `${protocol}: train on train (${data.splits.train.length}), select and report on dev (${main.length})`,
    };
  }
  const split = (dev: GlueExample[], salt: number) => {
    const shuffled = new Rng(seed + salt).shuffle(dev);
    const nVal = LARGE_DEV_TASKS.has(data.task) ? Math.min(RED_LARGE_VALIDATION, dev.length - 1) : Math.ceil(dev.length / 2);
    return { validation: shuffled.slice(0, nVal), test: shuffled.slice(nVal) };
  };
  const m = split(main, 0);
  return {
    protocol,
    train: data.splits.train,
    ...m,
    ...(mm ? { mismatched: split(mm, 1) } : {}),
    description: `red-split (seed ${seed}): dev shuffled, ${m.validation.length} validation / ${m.test.length} test; select on validation, report test`,
  };
}
