/**
 * The reference encoder of issue 2 item 8 and its benchmark batch: BERT-shaped, hidden 256, 4 layers,
 * 4 heads, FFN 1024, vocab 30522, max positions 512, exact GELU, dropout 0.1 (HF defaults), pooler + a
 * 2-class head. Random weights from a seed; the same seed gives the same weights in every process.
 */
import { Rng } from '@peftbench/util';
import type { Batch } from '@peftbench/core';

export interface EncoderShape {
  vocabSize: number;
  hiddenSize: number;
  numLayers: number;
  numHeads: number;
  intermediateSize: number;
  maxPositions: number;
}

export const REFERENCE_SHAPE: EncoderShape = {
  vocabSize: 30522,
  hiddenSize: 256,
  numLayers: 4,
  numHeads: 4,
  intermediateSize: 1024,
  maxPositions: 512,
};

/** A tiny shape for tests of the bench's plumbing (not for timing). */
export const TINY_SHAPE: EncoderShape = {
  vocabSize: 50,
  hiddenSize: 16,
  numLayers: 2,
  numHeads: 2,
  intermediateSize: 32,
  maxPositions: 16,
};

/** HF config.json of a BERT model with this shape (what parseHfConfig and the PyTorch peer both read). */
export function encoderConfigJson(shape: EncoderShape): Record<string, unknown> & { model_type: string } {
  return {
    model_type: 'bert',
    vocab_size: shape.vocabSize,
    hidden_size: shape.hiddenSize,
    num_hidden_layers: shape.numLayers,
    num_attention_heads: shape.numHeads,
    intermediate_size: shape.intermediateSize,
    max_position_embeddings: shape.maxPositions,
    type_vocab_size: 2,
    hidden_act: 'gelu',
    hidden_dropout_prob: 0.1,
    attention_probs_dropout_prob: 0.1,
    layer_norm_eps: 1e-12,
    pad_token_id: 0,
    num_labels: 2,
  };
}

/**
 * A full batch (no padding, so every position costs what it would in a packed batch): ids uniform in
 * [1, vocab), one segment, labels 0/1, all from `seed`.
 */
export function benchBatch(shape: EncoderShape, batchSize: number, seqLen: number, seed: number): Batch & { tokenTypeIds: number[][]; labels: number[] } {
  if (seqLen > shape.maxPositions) throw new Error(`sequence length ${seqLen} exceeds max_position_embeddings ${shape.maxPositions}`);
  const rng = new Rng(seed);
  const inputIds = Array.from({ length: batchSize }, () => Array.from({ length: seqLen }, () => 1 + rng.int(shape.vocabSize - 1)));
  return {
    inputIds,
    attentionMask: inputIds.map((row) => row.map(() => 1)),
    tokenTypeIds: inputIds.map((row) => row.map(() => 0)),
    labels: inputIds.map(() => rng.int(2)),
  };
}
