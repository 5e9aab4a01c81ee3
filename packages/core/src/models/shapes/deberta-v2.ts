/**
 * DeBERTa-v2/v3 (transformers DebertaV2Model): relative-position embeddings shared by all layers,
 * no absolute positions when position_biased_input is false (v3), ContextPooler + classifier head.
 */
import { numLabelsOf, type HfConfig } from '../config.ts';
import type { TaskSpec } from '../../method.ts';
import { InputError } from '@peftbench/util';
import { ShapeBuilder } from './builder.ts';
import type { ConfigFields } from './fields.ts';
import type { ModelShapes } from './types.ts';

export function debertaV2Shapes(cfg: HfConfig, f: ConfigFields, task: TaskSpec): ModelShapes {
  const D = f.int('hidden_size');
  const E = f.int('embedding_size', D);
  const F = f.int('intermediate_size');
  const L = f.int('num_hidden_layers');
  const maxPos = f.int('max_position_embeddings');
  const labels = task.numLabels ?? numLabelsOf(cfg);
  const b = new ShapeBuilder();
  b.param('deberta.embeddings.word_embeddings.weight', [f.int('vocab_size'), E]);
  if (f.bool('position_biased_input', true)) b.param('deberta.embeddings.position_embeddings.weight', [maxPos, E]);
  const typeVocab = f.int('type_vocab_size', 0);
  if (typeVocab > 0) b.param('deberta.embeddings.token_type_embeddings.weight', [typeVocab, E]);
  if (E !== D) b.linear('deberta.embeddings.embed_proj', E, D, { bias: false });
  b.norm('deberta.embeddings.LayerNorm', D);
  const relative = f.bool('relative_attention', false);
  const posAtt = barList(cfg, f, 'pos_att_type', '');
  const shareAttKey = f.bool('share_att_key', false);
  for (let i = 0; i < L; i++) {
    const l = `deberta.encoder.layer.${i}.attention`;
    for (const m of ['query_proj', 'key_proj', 'value_proj']) b.linear(`${l}.self.${m}`, D, D, { layer: i });
    if (relative && !shareAttKey) {
      if (posAtt.includes('c2p')) b.linear(`${l}.self.pos_key_proj`, D, D, { layer: i });
      if (posAtt.includes('p2c')) b.linear(`${l}.self.pos_query_proj`, D, D, { layer: i });
    }
    b.linear(`${l}.output.dense`, D, D, { layer: i, site: 'attention.output' });
    b.norm(`${l}.output.LayerNorm`, D);
    b.linear(`deberta.encoder.layer.${i}.intermediate.dense`, D, F, { layer: i });
    b.linear(`deberta.encoder.layer.${i}.output.dense`, F, D, { layer: i, site: 'ffn.output' });
    b.norm(`deberta.encoder.layer.${i}.output.LayerNorm`, D);
  }
  if (relative) {
    // HF: max_relative_positions < 1 means max_position_embeddings; position_buckets > 0 replaces it.
    const maxRel = f.signedInt('max_relative_positions', -1);
    const buckets = f.signedInt('position_buckets', -1);
    const posEbdSize = buckets > 0 ? buckets : maxRel >= 1 ? maxRel : maxPos;
    b.param('deberta.encoder.rel_embeddings.weight', [posEbdSize * 2, D]);
  }
  if (barList(cfg, f, 'norm_rel_ebd', 'none').includes('layer_norm')) b.norm('deberta.encoder.LayerNorm', D);
  if (f.int('conv_kernel_size', 0) > 0) throw new InputError(`${f.file} [conv_kernel_size]: DeBERTa's convolution layer is not supported by the parameter table`);
  const head = { owner: 'head' as const };
  if (task.kind === 'sequence-classification') {
    b.linear('pooler.dense', D, f.int('pooler_hidden_size', D), head);
    b.linear('classifier', f.int('pooler_hidden_size', D), labels, head);
  } else if (task.kind === 'token-classification') {
    b.linear('classifier', D, labels, head);
  } else if (task.kind !== 'bare') {
    throw new InputError(`task '${task.kind}': not available for deberta-v2 in the parameter table`);
  }
  return b.build('deberta-v2', D);
}

/** `"p2c|c2p"` (as deberta-v3-base writes it) or `["p2c", "c2p"]` (as HF saves it, and core's parsed config). */
function barList(cfg: HfConfig, f: ConfigFields, key: string, fallback: string): string[] {
  const v = cfg[key];
  if (Array.isArray(v) && v.every((x) => typeof x === 'string')) return v.map((x) => x.trim().toLowerCase());
  return f.str(key, fallback).toLowerCase().split('|').map((x) => x.trim()).filter(Boolean);
}
