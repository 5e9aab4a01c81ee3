/**
 * Causal-LM batches for E2E with each position's role (TokenKind): source for the MR (+ EOS), target for
 * the reference (+ EOS), pad for padding. Methods that insert tokens need the roles — IT-Tuning puts its
 * information tokens before the first target position (a generation prompt has none, so they go after the
 * source, where training put them). Padding: right for training and loss, left for generation.
 */
import * as tf from '@tensorflow/tfjs-core';
import { TokenKind, computeLoss, type Batch, type PreTrainedModel } from '@peftbench/core';
import { batches, type CausalExample } from '@peftbench/datasets';
import { Rng } from '@peftbench/util';
import type { RunProgress, RunSpec } from '../run-types.ts';
import { fineTune, type FineTuneResult } from '../fine-tune.ts';

export type KindBatch = Batch & { tokenKinds: number[][] };

/** Token kinds of one example, unpadded. */
export function kindsOf(e: CausalExample): number[] {
  return e.inputIds.map((_, t) => (t < e.sourceLength ? TokenKind.source : t < e.insertStart + e.insertLength ? TokenKind.inserted : TokenKind.target));
}

/** `batches()` from @peftbench/datasets plus token kinds. Examples' `idx` must be their index in `examples`. */
export function* causalBatches(examples: readonly CausalExample[], opts: { batchSize: number; padId: number; padSide: 'left' | 'right'; shuffle?: boolean; rng?: Rng }): Generator<KindBatch> {
  examples.forEach((e, i) => {
    if (e.idx !== i) throw new Error(`causalBatches: example ${i} has idx ${e.idx}; number examples by position`);
  });
  for (const b of batches(examples, opts)) {
    const tokenKinds = b.idx.map((i) => {
      const kinds = kindsOf(examples[i]);
      const pad = new Array<number>(b.inputIds[0].length - kinds.length).fill(TokenKind.pad);
      return opts.padSide === 'left' ? [...pad, ...kinds] : [...kinds, ...pad];
    });
    yield { inputIds: b.inputIds, attentionMask: b.attentionMask, labels: b.labels, tokenKinds };
  }
}

/** Scored targets in a batch: labels ≠ -100 at positions 1.. (the causal shift drops position 0). */
function scoredTargets(labels: number[][]): number {
  return labels.reduce((s, row) => s + row.slice(1).filter((y) => y !== -100).length, 0);
}

/** Mean target-token cross-entropy over `examples` (dropout off): the checkpoint-selection loss. */
export function meanTargetLoss(model: PreTrainedModel, examples: readonly CausalExample[], opts: { batchSize: number; padId: number }): number {
  let sum = 0;
  let count = 0;
  for (const b of causalBatches(examples, { ...opts, padSide: 'right' })) {
    const n = scoredTargets(b.labels as number[][]);
    if (n === 0) continue;
    const loss = tf.tidy(() => computeLoss(model, b, { training: false }).dataSync()[0]);
    sum += loss * n;
    count += n;
  }
  return count === 0 ? NaN : sum / count;
}

/**
 * Fine-tune a causal-LM run with the loss on target tokens only, selecting the checkpoint with the lowest
 * mean target loss on `select` (the E2E and math families; the best checkpoint is restored at the end).
 */
export function trainOnTargets(args: {
  model: PreTrainedModel;
  tokenizer: unknown;
  spec: RunSpec;
  train: readonly CausalExample[];
  select: readonly CausalExample[];
  padId: number;
  onProgress: (p: RunProgress) => void;
}): Promise<FineTuneResult> {
  const { model, spec, padId } = args;
  return fineTune({
    spec,
    model,
    tokenizer: args.tokenizer,
    task: { kind: 'causal-lm' },
    batches: (o) => causalBatches(args.train, { ...o, padId, padSide: 'right' }) as Iterable<Batch>,
    trainSize: args.train.length,
    selection: { metric: 'loss', mode: 'min', evaluate: () => ({ loss: meanTargetLoss(model, args.select, { batchSize: Math.max(16, spec.hyper.batchSize), padId }) }) },
    onProgress: args.onProgress,
  });
}
