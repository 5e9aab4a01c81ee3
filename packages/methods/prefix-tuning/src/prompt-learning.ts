/**
 * What HF PEFT's prompt-learning types (PREFIX_TUNING, PROMPT_TUNING, P_TUNING) share, as HF PEFT 0.7.1 and
 * 0.10.0 write it (both the same for these types): the model dimensions in adapter_config.json, the position
 * budget, the head tensors (`base_model.<module>.*`: prompt-learning PeftModels wrap the transformers model
 * directly, so there is no `model.` level), and strict reading of a saved adapter_config.json.
 * Used by @peftbench/method-prompt-tuning and -p-tuning too.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { ADAPTER_CONFIG, type AppliedMethod, type HfConfig, type PreTrainedModel, type TaskSpec } from '@peftbench/core';
import { peftTaskType, trainsHead } from '@peftbench/method-full-ft';
import { InputError } from '@peftbench/util';

/** HF PEFT version whose layout these packages follow (0.10.0 writes the same fields and keys). */
export const FOLLOWED_HF_PEFT_VERSIONS = ['0.7.1', '0.10.0'] as const;

/** Head keys of a prompt-learning adapter: `base_model.` + the HF module path. */
export const PROMPT_LEARNING_HEAD_PREFIX = 'base_model.';

export interface ModelDims {
  /** token_dim: the hidden size. */
  hidden: number;
  layers: number;
  heads: number;
  kvHeads: number;
  /** Virtual tokens + real tokens must fit here (position ids), and the config field that sets it (T5: Infinity, relative positions only). */
  positionBudget: number;
  positionField: string;
  /** Per-head key/value size (hidden / heads; T5: d_kv) and the key/value width heads · headDim of one layer's prefix. */
  headDim: number;
  kvWidth: number;
  /** Whether prefix keys/values take position ids (HF past_key_values length); T5's take none (core refuses them). */
  prefixPositions: boolean;
}

const num = (cfg: HfConfig, keys: string[]): [number, string] | undefined => {
  for (const k of keys) if (typeof cfg[k] === 'number') return [cfg[k] as number, k];
  return undefined;
};

/** Dimensions from config.json (file names the errors). */
export function configDims(cfg: HfConfig, file = 'config.json'): ModelDims {
  const need = (keys: string[]): [number, string] => {
    const v = num(cfg, keys);
    if (!v) throw new InputError(`${file} [${keys[0]}]: missing (needed for the prompt / prefix shapes)`);
    return v;
  };
  if (cfg.model_type === 't5') {
    // Encoder-decoder: prompts go to the encoder input (Lester et al. 2021); prefixes to the self-attention of every
    // encoder and decoder block (Li & Liang 2021, §4.2: "a prefix for both encoder and decoder"), so L = E + D.
    const [hidden] = need(['d_model']);
    const [enc] = need(['num_layers']);
    const dec = num(cfg, ['num_decoder_layers'])?.[0] ?? enc;
    const [heads] = need(['num_heads']);
    const [headDim] = need(['d_kv']);
    return { hidden, layers: enc + dec, heads, kvHeads: heads, positionBudget: Infinity, positionField: 'relative positions', headDim, kvWidth: heads * headDim, prefixPositions: false };
  }
  if (cfg.is_encoder_decoder === true) {
    throw new InputError(`${file} [model_type]: '${cfg.model_type}' is an encoder-decoder this package does not know (supported encoder-decoder: t5)`);
  }
  const [hidden] = need(['hidden_size', 'n_embd']);
  const [layers] = need(['num_hidden_layers', 'n_layer']);
  const [heads] = need(['num_attention_heads', 'n_head']);
  const kvHeads = num(cfg, ['num_key_value_heads'])?.[0] ?? heads;
  const [maxPos, positionField] = need(['max_position_embeddings', 'n_positions']);
  // RoBERTa numbers positions from padding_idx + 1
  const positionBudget = cfg.model_type === 'roberta' ? maxPos - ((cfg.pad_token_id as number | undefined) ?? 1) - 1 : maxPos;
  return { hidden, layers, heads, kvHeads, positionBudget, positionField, headDim: hidden / heads, kvWidth: hidden, prefixPositions: true };
}

/** Architectures whose forward honours the prefix positions and word-embedding hooks these methods rely on (checked by tests / the oracle). */
export const PROMPT_LEARNING_MODEL_TYPES = ['bert', 'roberta', 'deberta-v2', 'gpt2', 'llama', 't5'] as const;

export function modelDims(model: PreTrainedModel): ModelDims {
  const type = model.config.model_type;
  if (!(PROMPT_LEARNING_MODEL_TYPES as readonly string[]).includes(type)) {
    throw new InputError(`config.json [model_type]: '${type}' is not supported by the prompt-learning methods (supported: ${PROMPT_LEARNING_MODEL_TYPES.join(', ')})`);
  }
  return configDims(model.config, 'config.json');
}

/** Virtual tokens must leave room for at least one real token in the position budget. */
export function checkPositionBudget(dims: ModelDims, numVirtualTokens: number, source: string): void {
  if (numVirtualTokens >= dims.positionBudget) {
    throw new InputError(
      `${source} [numVirtualTokens]: ${numVirtualTokens} virtual tokens take every position of config.json [${dims.positionField}] ` +
        `(${dims.positionBudget} usable positions); at most ${dims.positionBudget - 1}`,
    );
  }
}

/**
 * The head modules HF PEFT trains and saves with a prompt-learning type: for SEQ_CLS and TOKEN_CLS its
 * PeftModel wraps `classifier` and `score` (modules_to_save); anything else (BERT's pooler) stays frozen.
 */
export function isPromptLearningHead(name: string): boolean {
  return /^(classifier|score)\./.test(name);
}

/** Freeze everything but the task head HF PEFT trains (see isPromptLearningHead); returns its parameter names. */
export function freezeBackbone(model: PreTrainedModel, task: TaskSpec): string[] {
  for (const p of model.params.all()) {
    if (p.owner === 'base' || p.owner === 'head') p.trainable = p.owner === 'head' && trainsHead(task.kind) && isPromptLearningHead(p.name);
  }
  return model.params.all().filter((p) => p.owner === 'head' && p.trainable).map((p) => p.name);
}

/** adapter_config.json fields every prompt-learning type writes, in HF's (sorted) order with the type's own fields. */
export function promptLearningConfig(model: PreTrainedModel, task: TaskSpec, peftType: string, numVirtualTokens: number, own: Record<string, unknown>): Record<string, unknown> {
  const d = modelDims(model);
  const fields: Record<string, unknown> = {
    auto_mapping: null,
    base_model_name_or_path: (model.config._name_or_path as string | undefined) ?? null,
    inference_mode: true,
    num_attention_heads: d.heads,
    num_layers: d.layers,
    num_transformer_submodules: 1,
    num_virtual_tokens: numVirtualTokens,
    peft_type: peftType,
    revision: null,
    task_type: peftTaskType(task.kind),
    token_dim: d.hidden,
    ...own,
  };
  return Object.fromEntries(Object.keys(fields).sort().map((k) => [k, fields[k]]));
}

/** The head tensors under `base_model.<name>` (HF layout), and their loader. */
export function headTensors(model: PreTrainedModel, heads: string[]): Map<string, tf.Tensor> {
  return new Map(heads.map((n) => [PROMPT_LEARNING_HEAD_PREFIX + n, model.params.hfValue(n)]));
}

/**
 * Load an adapter's tensors: `own` handles the method's keys (returns false for a key it does not know); head
 * keys go to the head. Every expected key must be present.
 */
export function loadPromptLearningTensors(
  model: PreTrainedModel,
  heads: string[],
  ownKeys: string[],
  tensors: Map<string, { shape: number[]; data: Float32Array }>,
  file: string,
  own: (key: string, t: { shape: number[]; data: Float32Array }) => boolean,
): void {
  const missing = new Set([...ownKeys, ...heads.map((h) => PROMPT_LEARNING_HEAD_PREFIX + h)]);
  for (const [key, t] of tensors) {
    if (key.startsWith(PROMPT_LEARNING_HEAD_PREFIX) && heads.includes(key.slice(PROMPT_LEARNING_HEAD_PREFIX.length))) {
      model.params.assignHf(key.slice(PROMPT_LEARNING_HEAD_PREFIX.length), t, file, key);
    } else if (!own(key, t)) {
      throw new InputError(`${file} [${key}]: not a tensor of this adapter (expected ${[...ownKeys, ...heads.map((h) => PROMPT_LEARNING_HEAD_PREFIX + h)].join(', ')})`);
    }
    missing.delete(key);
  }
  if (missing.size > 0) throw new InputError(`${file} [${[...missing][0]}]: tensor missing from the adapter`);
}

export function checkShape(file: string, key: string, shape: number[], expected: number[], why: string): void {
  if (shape.join() !== expected.join()) throw new InputError(`${file} [${key}]: shape [${shape}] does not match [${expected}] (${why})`);
}

/**
 * Read a saved adapter_config.json and check it is of `peftType` and fits `model` (token_dim, num_layers,
 * num_attention_heads, num_transformer_submodules): errors name the file and the field.
 */
export function readPromptLearningConfig(dir: string, peftType: string, model: PreTrainedModel): Record<string, unknown> {
  const path = join(dir, ADAPTER_CONFIG);
  if (!existsSync(path)) throw new InputError(`${path}: missing`);
  let raw: Record<string, unknown>;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new InputError(`${path}: not valid JSON (${(err as Error).message})`);
  }
  if (raw.peft_type !== peftType) throw new InputError(`${path} [peft_type]: '${String(raw.peft_type)}', this loader reads ${peftType}`);
  const d = modelDims(model);
  const expect = (field: string, want: number, what: string) => {
    if (raw[field] !== undefined && raw[field] !== null && raw[field] !== want) throw new InputError(`${path} [${field}]: ${String(raw[field])}, the model has ${want} ${what}`);
  };
  expect('token_dim', d.hidden, 'hidden size');
  expect('num_layers', d.layers, 'layers');
  expect('num_attention_heads', d.heads, 'attention heads');
  expect('num_transformer_submodules', 1, 'transformer submodule (encoder-decoder adapters are not supported)');
  const n = raw.num_virtual_tokens;
  if (!Number.isInteger(n) || (n as number) < 1) throw new InputError(`${path} [num_virtual_tokens]: ${String(n)}, must be a positive integer`);
  return raw;
}

/** Used by every loader: the applied method reads its tensors from `dir`. */
export type Loaded = { applied: AppliedMethod; config: Record<string, unknown> };
