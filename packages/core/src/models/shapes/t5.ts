/**
 * T5 (transformers T5ForConditionalGeneration): shared embedding, encoder and decoder stacks, no biases
 * anywhere, relative attention bias in block 0 of each stack, lm_head tied to `shared` unless
 * tie_word_embeddings is false. Text-to-text only: tasks 'bare' and 'causal-lm' (= with the LM head).
 */
import type { HfConfig } from '../config.ts';
import type { TaskSpec } from '../../method.ts';
import { InputError } from '@peftbench/util';
import { ShapeBuilder } from './builder.ts';
import type { ConfigFields } from './fields.ts';
import type { ModelShapes } from './types.ts';

export function t5Shapes(_cfg: HfConfig, f: ConfigFields, task: TaskSpec): ModelShapes {
  const D = f.int('d_model');
  const F = f.int('d_ff');
  const inner = f.int('num_heads') * f.int('d_kv');
  const encLayers = f.int('num_layers');
  const decLayers = f.int('num_decoder_layers', encLayers);
  const buckets = f.int('relative_attention_num_buckets', 32);
  const gated = f.str('feed_forward_proj', 'relu').startsWith('gated-');
  const V = f.int('vocab_size');
  if (task.kind !== 'bare' && task.kind !== 'causal-lm') throw new InputError(`task '${task.kind}': T5 is text-to-text here (use 'bare' or 'causal-lm')`);
  const b = new ShapeBuilder();
  b.param('shared.weight', [V, D]);
  // Layer indices run on across the stacks (encoder 0..E-1, decoder E..E+D-1) so each block has its own.
  const stack = (name: 'encoder' | 'decoder', n: number, offset: number) => {
    for (let i = 0; i < n; i++) {
      const blk = `${name}.block.${i}.layer`;
      const layer = offset + i;
      const attention = (path: string, relBias: boolean, site?: 'attention.output') => {
        for (const m of ['q', 'k', 'v']) b.linear(`${path}.${m}`, D, inner, { bias: false, layer });
        b.linear(`${path}.o`, inner, D, { bias: false, layer, site });
        if (relBias) b.param(`${path}.relative_attention_bias.weight`, [buckets, f.int('num_heads')]);
      };
      attention(`${blk}.0.SelfAttention`, i === 0, 'attention.output');
      b.norm(`${blk}.0.layer_norm`, D, { bias: false });
      let ff = 1;
      if (name === 'decoder') {
        attention(`${blk}.1.EncDecAttention`, false);
        b.norm(`${blk}.1.layer_norm`, D, { bias: false });
        ff = 2;
      }
      const dense = `${blk}.${ff}.DenseReluDense`;
      if (gated) {
        b.linear(`${dense}.wi_0`, D, F, { bias: false, layer });
        b.linear(`${dense}.wi_1`, D, F, { bias: false, layer });
      } else b.linear(`${dense}.wi`, D, F, { bias: false, layer });
      b.linear(`${dense}.wo`, F, D, { bias: false, layer, site: 'ffn.output' });
      b.norm(`${blk}.${ff}.layer_norm`, D, { bias: false });
    }
    b.norm(`${name}.final_layer_norm`, D, { bias: false });
  };
  stack('encoder', encLayers, 0);
  stack('decoder', decLayers, encLayers);
  if (task.kind === 'causal-lm' && !f.bool('tie_word_embeddings', true)) b.linear('lm_head', D, V, { bias: false });
  return b.build('t5', D);
}
