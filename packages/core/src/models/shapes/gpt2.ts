/** GPT-2 (transformers GPT2Model): Conv1D weights stored [in, out]; lm_head tied to wte (not listed). */
import { numLabelsOf, type HfConfig } from '../config.ts';
import type { TaskSpec } from '../../method.ts';
import { InputError } from '@peftbench/util';
import { ShapeBuilder } from './builder.ts';
import type { ConfigFields } from './fields.ts';
import type { ModelShapes } from './types.ts';

export function gpt2Shapes(cfg: HfConfig, f: ConfigFields, task: TaskSpec): ModelShapes {
  const D = f.int('n_embd');
  const inner = f.int('n_inner', 4 * D); // n_inner: null → 4·n_embd
  const L = f.int('n_layer');
  const b = new ShapeBuilder();
  b.param('transformer.wte.weight', [f.int('vocab_size'), D]);
  b.param('transformer.wpe.weight', [f.int('n_positions'), D]);
  if (f.bool('add_cross_attention', false)) throw new InputError(`${f.file} [add_cross_attention]: GPT-2 with cross-attention is not supported by the parameter table`);
  for (let i = 0; i < L; i++) {
    const h = `transformer.h.${i}`;
    b.norm(`${h}.ln_1`, D);
    b.conv1d(`${h}.attn.c_attn`, D, 3 * D, i); // q | k | v packed along the output axis
    b.conv1d(`${h}.attn.c_proj`, D, D, i, 'attention.output');
    b.norm(`${h}.ln_2`, D);
    b.conv1d(`${h}.mlp.c_fc`, D, inner, i);
    b.conv1d(`${h}.mlp.c_proj`, inner, D, i, 'ffn.output');
  }
  b.norm('transformer.ln_f', D);
  const labels = task.numLabels ?? numLabelsOf(cfg);
  if (task.kind === 'sequence-classification') b.linear('score', D, labels, { bias: false, owner: 'head' });
  else if (task.kind === 'token-classification') b.linear('classifier', D, labels, { owner: 'head' });
  else if (task.kind === 'causal-lm') {
    if (!f.bool('tie_word_embeddings', true)) b.linear('lm_head', D, f.int('vocab_size'), { bias: false });
  } else if (task.kind !== 'bare') throw new InputError(`task '${task.kind}': not available for gpt2`);
  return b.build('gpt2', D);
}
