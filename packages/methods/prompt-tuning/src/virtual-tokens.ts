/**
 * Virtual tokens at the input (prompt tuning, P-tuning), as HF PEFT runs them: P positions are prepended to every
 * row, in front of any left padding ([v_1..v_P, pad.., x_1..]), with attention mask 1, token type 0 and label -100
 * (per-position labels), marked TokenKind.inserted (core's `transformInput`); their token embeddings are replaced by
 * the prompt [P, d] before position / token-type embeddings and the embedding LayerNorm (core's `wordEmbeddings`
 * hook, HF's `inputs_embeds`). Positions follow from the mask: virtual tokens 0..P-1, real tokens from P, so a
 * left-padded row is numbered as when it is alone (HF numbers its pads too: see README). Cached decoding steps
 * are not transformed (core), so generation with the KV cache sees the prompt once.
 */
import * as tf from '@tensorflow/tfjs-core';
import { TokenKind, type ModelInput, type PreTrainedModel } from '@peftbench/core';
import { InputError } from '@peftbench/util';

/** Name of the model's input word-embedding matrix [V, d]. */
export function wordEmbeddingName(model: PreTrainedModel): string {
  const p = model.params.all().find((q) => q.owner === 'base' && /(^|\.)(wte|word_embeddings|embed_tokens)\.weight$|^shared\.weight$/.test(q.name));
  if (!p) throw new Error(`${model.architecture}: no input word-embedding matrix found`);
  return p.name;
}

/** A token id to hold the virtual positions before their embeddings are replaced: never the pad id (RoBERTa numbers positions by ids ≠ pad). */
export function placeholderId(model: PreTrainedModel): number {
  return model.config.pad_token_id === 0 ? 1 : 0;
}

/** Prepend P virtual positions to every row (idempotent: rows that already start with them pass through). */
export function prependVirtualTokens(input: ModelInput, P: number, placeholder: number): ModelInput {
  const kinds = input.tokenKinds ?? input.attentionMask.map((row) => row.map((m) => (m ? TokenKind.source : TokenKind.pad)));
  if (kinds.every((row) => row.length >= P && row.slice(0, P).every((k) => k === TokenKind.inserted))) return input;
  const pre = <T>(rows: T[][], value: (i: number) => T) => rows.map((row) => [...Array.from({ length: P }, (_, i) => value(i)), ...row]);
  const out: ModelInput = {
    inputIds: pre(input.inputIds, () => placeholder),
    attentionMask: pre(input.attentionMask, () => 1),
    tokenKinds: pre(kinds, () => TokenKind.inserted),
  };
  if (input.tokenTypeIds) out.tokenTypeIds = pre(input.tokenTypeIds, () => 0);
  if (input.positionIds) out.positionIds = input.positionIds.map((row) => [...Array.from({ length: P }, (_, i) => i), ...row.map((p) => p + P)]);
  if (input.labels) out.labels = Array.isArray(input.labels[0]) ? pre(input.labels as number[][], () => -100) : input.labels;
  return out;
}

/**
 * Install virtual tokens: `prompt(training)` gives the [P, d] embeddings for this forward (a variable, or a prompt
 * encoder's output). Returns a remover.
 */
export function installVirtualTokens(model: PreTrainedModel, P: number, prompt: (training: boolean) => tf.Tensor2D, owner: string): () => void {
  const placeholder = placeholderId(model);
  model.hooks.transformInput((input) => prependVirtualTokens(input, P, placeholder), owner);
  model.hooks.wordEmbeddings((x, ctx) => {
    const B = ctx.batchSize;
    const T = ctx.seqLen;
    let marked = 0;
    for (let b = 0; b < B; b++) for (let t = 0; t < Math.min(P, T); t++) if (ctx.tokenKinds[b * T + t] === TokenKind.inserted) marked++;
    if (marked === 0) return x; // a cached decoding step: the prompt is already in the cache
    if (marked !== B * P) throw new InputError(`model input [token_kinds]: expected ${P} inserted positions at the start of every row (another method inserting tokens?)`);
    const D = x.shape[2] as number;
    const rest = tf.slice(x, [0, P, 0], [B, T - P, D]);
    return tf.concat([tf.broadcastTo(tf.expandDims(prompt(ctx.training), 0), [B, P, D]), rest], 1);
  }, owner);
  return () => model.hooks.removeOwner(owner);
}
