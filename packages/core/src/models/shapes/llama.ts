/** Llama (transformers LlamaModel): RMSNorm (weight only), SwiGLU MLP, grouped-query k/v projections. */
import { numLabelsOf, type HfConfig } from '../config.ts';
import type { TaskSpec } from '../../method.ts';
import { InputError } from '@peftbench/util';
import { ShapeBuilder } from './builder.ts';
import type { ConfigFields } from './fields.ts';
import type { ModelShapes } from './types.ts';

export function llamaShapes(cfg: HfConfig, f: ConfigFields, task: TaskSpec): ModelShapes {
  const D = f.int('hidden_size');
  const F = f.int('intermediate_size');
  const L = f.int('num_hidden_layers');
  const H = f.int('num_attention_heads');
  const Hkv = f.int('num_key_value_heads', H);
  const dh = f.int('head_dim', D / H);
  const bias = f.bool('attention_bias', false);
  const mlpBias = f.bool('mlp_bias', false);
  const V = f.int('vocab_size');
  const b = new ShapeBuilder();
  b.param('model.embed_tokens.weight', [V, D]);
  for (let i = 0; i < L; i++) {
    const l = `model.layers.${i}`;
    b.linear(`${l}.self_attn.q_proj`, D, H * dh, { bias, layer: i });
    b.linear(`${l}.self_attn.k_proj`, D, Hkv * dh, { bias, layer: i });
    b.linear(`${l}.self_attn.v_proj`, D, Hkv * dh, { bias, layer: i });
    b.linear(`${l}.self_attn.o_proj`, H * dh, D, { bias, layer: i, site: 'attention.output' });
    b.linear(`${l}.mlp.gate_proj`, D, F, { bias: mlpBias, layer: i });
    b.linear(`${l}.mlp.up_proj`, D, F, { bias: mlpBias, layer: i });
    b.linear(`${l}.mlp.down_proj`, F, D, { bias: mlpBias, layer: i, site: 'ffn.output' });
    b.norm(`${l}.input_layernorm`, D, { bias: false });
    b.norm(`${l}.post_attention_layernorm`, D, { bias: false });
  }
  b.norm('model.norm', D, { bias: false });
  if (task.kind === 'causal-lm') {
    if (!f.bool('tie_word_embeddings', false)) b.linear('lm_head', D, V, { bias: false });
  } else if (task.kind === 'sequence-classification') {
    b.linear('score', D, task.numLabels ?? numLabelsOf(cfg), { bias: false, owner: 'head' });
  } else if (task.kind !== 'bare') throw new InputError(`task '${task.kind}': not available for llama`);
  return b.build('llama', D);
}
