/**
 * Small helpers for the selective methods' tests (also used by repeat-d3, pafi, fish, random-mask):
 * a tiny randomly initialised RoBERTa classifier and a seeded toy classification set.
 */
import { Rng } from '@peftbench/util';
import { createModel, parseHfConfig, type Batch, type PreTrainedModel } from '@peftbench/core';
import { tinyEncoderConfig } from '@peftbench/core/testing';

// core's tiny test encoder, without dropout and with 22 positions
const { num_labels: _, ...tinyConfig } = tinyEncoderConfig({ max_position_embeddings: 24, hidden_dropout_prob: 0, attention_probs_dropout_prob: 0 });
export const TINY_ROBERTA = tinyConfig;

export function tinyClassifier(seed = 7, numLabels = 2): PreTrainedModel {
  return createModel(parseHfConfig(TINY_ROBERTA), 'sequence-classification', { seed, numLabels });
}

/** A sequence-classification batch (labels [B]; core's Batch type intersects them with token labels). */
export type ToyBatch = Batch;

/** `n` batches of `size` sequences of length 6; label = whether token 5 appears (learnable). */
export function toyBatches(n: number, size: number, seed = 1): ToyBatch[] {
  const rng = new Rng(seed);
  return Array.from({ length: n }, () => {
    const inputIds: number[][] = [];
    const labels: number[] = [];
    for (let b = 0; b < size; b++) {
      const row = [0, ...Array.from({ length: 4 }, () => 3 + rng.int(30)), 2];
      inputIds.push(row);
      labels.push(row.includes(5) || row[1] < 10 ? 1 : 0);
    }
    return { inputIds, attentionMask: inputIds.map((r) => r.map(() => 1)), labels } as Batch;
  });
}

/** Copy of every parameter's values, by name. */
export function snapshotParams(model: PreTrainedModel): Map<string, Float32Array> {
  return new Map(model.params.all().map((p) => [p.name, Float32Array.from(p.variable.dataSync() as Float32Array)]));
}
