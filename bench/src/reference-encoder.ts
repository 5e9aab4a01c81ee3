/**
 * The reference encoder of issue 2 item 8 and its benchmark batch: BERT-shaped, hidden 256, 4 layers,
 * 4 heads, FFN 1024, vocab 30522, max positions 512, exact GELU, dropout 0.1 (HF defaults), pooler + a
 * 2-class head. Random weights from a seed; the same seed gives the same weights in every process.
 */
import { Rng } from '@peftbench/util';
import type { Batch } from '@peftbench/core';

/** `--arch`: which architecture the reference model has (same width); BERT when absent. */
export const ARCHS = ['bert', 'roberta', 'deberta-v2', 't5'] as const;
export type Arch = (typeof ARCHS)[number];

export interface EncoderShape {
  /** Absent = bert (the issue-2 reference encoder). */
  arch?: Arch;
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
  const arch = shape.arch ?? 'bert';
  if (arch === 'roberta') {
    // RoBERTa counts positions from pad_token_id + 1: two more rows than the longest input
    return { ...bertConfigJson(shape), model_type: 'roberta', max_position_embeddings: shape.maxPositions + 2, type_vocab_size: 1, pad_token_id: 1, layer_norm_eps: 1e-5 };
  }
  if (arch === 'deberta-v2') {
    // field names as in packages/core/configs/deberta-v3-base (relative attention, no absolute positions)
    return {
      model_type: 'deberta-v2',
      vocab_size: shape.vocabSize,
      hidden_size: shape.hiddenSize,
      num_hidden_layers: shape.numLayers,
      num_attention_heads: shape.numHeads,
      intermediate_size: shape.intermediateSize,
      max_position_embeddings: shape.maxPositions,
      hidden_act: 'gelu',
      hidden_dropout_prob: 0.1,
      attention_probs_dropout_prob: 0.1,
      relative_attention: true,
      position_buckets: Math.min(256, shape.maxPositions),
      norm_rel_ebd: 'layer_norm',
      share_att_key: true,
      pos_att_type: 'p2c|c2p',
      layer_norm_eps: 1e-7,
      max_relative_positions: -1,
      position_biased_input: false,
      type_vocab_size: 0,
      pad_token_id: 0,
      num_labels: 2,
    };
  }
  if (arch === 't5') {
    // T5 v1.0 (relu FFN, tied embeddings) of the same width: encoder and decoder of numLayers blocks each
    return {
      model_type: 't5',
      vocab_size: shape.vocabSize,
      d_model: shape.hiddenSize,
      d_kv: shape.hiddenSize / shape.numHeads,
      num_heads: shape.numHeads,
      d_ff: shape.intermediateSize,
      num_layers: shape.numLayers,
      relative_attention_num_buckets: 32,
      relative_attention_max_distance: 128,
      feed_forward_proj: 'relu',
      dropout_rate: 0.1,
      layer_norm_epsilon: 1e-6,
      decoder_start_token_id: 0,
      pad_token_id: 0,
      eos_token_id: 1,
    };
  }
  return bertConfigJson(shape);
}

function bertConfigJson(shape: EncoderShape): Record<string, unknown> & { model_type: string } {
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
  const arch = shape.arch ?? 'bert';
  // ids ≥ 2 off BERT: 0 and 1 are pad / eos (T5) and pad (RoBERTa); BERT keeps its issue-2 batch
  const low = arch === 'bert' ? 1 : 2;
  const inputIds = Array.from({ length: batchSize }, () => Array.from({ length: seqLen }, () => low + rng.int(shape.vocabSize - low)));
  if (arch === 't5') {
    // teacher-forced seq2seq: decoder labels of the same length, ending in eos 1 (core shifts them right)
    const labels = inputIds.map(() => [...Array.from({ length: seqLen - 1 }, () => low + rng.int(shape.vocabSize - low)), 1]);
    return { inputIds, attentionMask: inputIds.map((row) => row.map(() => 1)), tokenTypeIds: inputIds.map((row) => row.map(() => 0)), labels } as unknown as Batch & { tokenTypeIds: number[][]; labels: number[] };
  }
  return {
    inputIds,
    attentionMask: inputIds.map((row) => row.map(() => 1)),
    tokenTypeIds: inputIds.map((row) => row.map(() => 0)),
    labels: inputIds.map(() => rng.int(2)),
  };
}
