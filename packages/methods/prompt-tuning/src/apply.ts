/**
 * Prompt tuning (Lester et al. 2021, §2): the input [x_1..x_n] becomes [p_1..p_P; x_1..x_n], the soft prompt
 * P_e ∈ R^{P × d} the only trained tensor (plus a classification head where the task has one; HF PEFT trains
 * `classifier`). Virtual tokens through core's transformInput + wordEmbeddings hooks (virtual-tokens.ts).
 */
import * as tf from '@tensorflow/tfjs-core';
import type { AppliedMethod, PreTrainedModel, TaskSpec } from '@peftbench/core';
import {
  checkPositionBudget,
  checkShape,
  freezeBackbone,
  headTensors,
  loadPromptLearningTensors,
  modelDims,
  promptLearningConfig,
  PROMPT_EMBEDDINGS_KEY,
} from '@peftbench/method-prefix-tuning';
import { InputError, Rng } from '@peftbench/util';
import type { PromptTuningConfig } from './config.ts';
import { installVirtualTokens, wordEmbeddingName } from './virtual-tokens.ts';

export const PROMPT_OWNER = 'prompt-tuning';
const SOURCE = "method 'prompt-tuning' config";

/** Token ids whose embeddings initialise the prompt ('vocab' / 'text'), or null for 'random'. */
export function initTokenIds(cfg: PromptTuningConfig, vocabSize: number, seed: number): number[] | null {
  const P = cfg.numVirtualTokens;
  if (cfg.init === 'random') return null;
  if (cfg.init === 'vocab') {
    const rng = new Rng(seed);
    const n = Math.min(cfg.vocabSampleSize, vocabSize);
    return Array.from({ length: P }, () => rng.int(n));
  }
  const ids = cfg.initTokenIds;
  if (!ids) {
    throw new InputError(`${SOURCE} [initTokenIds]: init 'text' needs the init text's token ids${cfg.initText ? ` (initText ${JSON.stringify(cfg.initText)} was not resolved: no tokenizer)` : ' (set initText or initTokenIds)'}`);
  }
  if (ids.length > P) {
    throw new InputError(`${SOURCE} [initText]: the init text is ${ids.length} tokens, longer than the prompt (numVirtualTokens ${P})`);
  }
  const bad = ids.find((id) => id >= vocabSize);
  if (bad !== undefined) throw new InputError(`${SOURCE} [initTokenIds]: id ${bad} outside the vocabulary [0, ${vocabSize})`);
  return Array.from({ length: P }, (_, i) => ids[i % ids.length]);
}

export interface SoftPrompt {
  name: string;
  variable: tf.Variable;
  remove(): void;
}

/** The building block: a trainable soft prompt [P, d] at the input (no head, no freezing). */
export function applySoftPrompt(model: PreTrainedModel, cfg: PromptTuningConfig, opts: { owner?: string; name?: string; fromFile?: boolean } = {}): SoftPrompt {
  const owner = opts.owner ?? PROMPT_OWNER;
  const name = opts.name ?? 'prompt.embedding.weight';
  const d = modelDims(model);
  const P = cfg.numVirtualTokens;
  checkPositionBudget(d, P, SOURCE);
  const emb = model.params.get(wordEmbeddingName(model)).variable;
  // fromFile: the values come from an adapter file next (no tokenizer needed for a TEXT adapter)
  const ids = opts.fromFile ? null : initTokenIds(cfg, emb.shape[0], model.nextInitSeed());
  const init = opts.fromFile ? tf.zeros([P, d.hidden]) : ids ? tf.gather(emb, ids) : tf.randomUniform([P, d.hidden], -0.5, 0.5, 'float32', model.nextInitSeed());
  const variable = tf.variable(init, true, `${name.replace(/[^A-Za-z0-9_./-]/g, '_')}_${Math.random().toString(36).slice(2, 8)}`);
  init.dispose();
  model.params.add({ name, variable, trainable: true, owner });
  const removeHooks = installVirtualTokens(model, P, () => variable as unknown as tf.Tensor2D, owner);
  return {
    name,
    variable,
    remove() {
      removeHooks();
      model.params.remove(name);
    },
  };
}

export function applyPromptTuning(model: PreTrainedModel, cfg: PromptTuningConfig, task: TaskSpec, opts: { fromFile?: boolean } = {}): AppliedMethod {
  const heads = freezeBackbone(model, task);
  const prompt = applySoftPrompt(model, cfg, { fromFile: opts.fromFile });
  const P = cfg.numVirtualTokens;
  const D = modelDims(model).hidden;
  return {
    adapterConfig: () =>
      promptLearningConfig(model, task, 'PROMPT_TUNING', P, {
        prompt_tuning_init: cfg.init === 'text' ? 'TEXT' : 'RANDOM',
        prompt_tuning_init_text: cfg.init === 'text' ? cfg.initText : null,
        tokenizer_kwargs: null,
        tokenizer_name_or_path: cfg.init === 'text' ? cfg.tokenizerNameOrPath : null,
      }),
    adapterTensors: () => new Map([[PROMPT_EMBEDDINGS_KEY, prompt.variable.clone() as tf.Tensor], ...headTensors(model, heads)]),
    loadAdapterTensors: (tensors, file) =>
      loadPromptLearningTensors(model, heads, [PROMPT_EMBEDDINGS_KEY], tensors, file, (key, t) => {
        if (key !== PROMPT_EMBEDDINGS_KEY) return false;
        checkShape(file, key, t.shape, [P, D], `num_virtual_tokens ${P} × token_dim ${D}`);
        const value = tf.tensor2d(t.data, [P, D], 'float32');
        prompt.variable.assign(value);
        value.dispose();
        return true;
      }),
  };
}
