/**
 * BERT / RoBERTa (transformers BertModel / RobertaModel and their heads), mirroring core's EncoderModel:
 * the pooler exists only for BERT sequence classification (a head there) and bare BERT.
 */
import { numLabelsOf, type HfConfig } from '../config.ts';
import type { TaskSpec } from '../../method.ts';
import { InputError } from '@peftbench/util';
import { ShapeBuilder } from './builder.ts';
import type { ConfigFields } from './fields.ts';
import type { ModelShapes } from './types.ts';

export function encoderShapes(cfg: HfConfig, f: ConfigFields, task: TaskSpec): ModelShapes {
  const p = cfg.model_type; // 'bert' | 'roberta'
  const D = f.int('hidden_size');
  const F = f.int('intermediate_size');
  const V = f.int('vocab_size');
  const L = f.int('num_hidden_layers');
  const labels = task.numLabels ?? numLabelsOf(cfg);
  const b = new ShapeBuilder();
  b.param(`${p}.embeddings.word_embeddings.weight`, [V, D]);
  b.param(`${p}.embeddings.position_embeddings.weight`, [f.int('max_position_embeddings'), D]);
  b.param(`${p}.embeddings.token_type_embeddings.weight`, [f.int('type_vocab_size', 2), D]);
  b.norm(`${p}.embeddings.LayerNorm`, D);
  for (let i = 0; i < L; i++) {
    const l = `${p}.encoder.layer.${i}`;
    for (const m of ['query', 'key', 'value']) b.linear(`${l}.attention.self.${m}`, D, D, { layer: i });
    b.linear(`${l}.attention.output.dense`, D, D, { layer: i, site: 'attention.output' });
    b.norm(`${l}.attention.output.LayerNorm`, D);
    b.linear(`${l}.intermediate.dense`, D, F, { layer: i });
    b.linear(`${l}.output.dense`, F, D, { layer: i, site: 'ffn.output' });
    b.norm(`${l}.output.LayerNorm`, D);
  }
  const head = { owner: 'head' as const };
  const bert = p === 'bert';
  if (bert && (task.kind === 'sequence-classification' || task.kind === 'bare')) {
    b.linear(`${p}.pooler.dense`, D, D, task.kind === 'bare' ? {} : head);
  }
  switch (task.kind) {
    case 'bare':
      break;
    case 'sequence-classification':
      if (bert) b.linear('classifier', D, labels, head);
      else {
        b.linear('classifier.dense', D, D, head);
        b.linear('classifier.out_proj', D, labels, head);
      }
      break;
    case 'token-classification':
      b.linear('classifier', D, labels, head);
      break;
    case 'masked-lm': // decoder weight tied to the word embeddings; its bias is its own
      b.linear(bert ? 'cls.predictions.transform.dense' : 'lm_head.dense', D, D, head);
      b.norm(bert ? 'cls.predictions.transform.LayerNorm' : 'lm_head.layer_norm', D, head);
      b.param(bert ? 'cls.predictions.bias' : 'lm_head.bias', [V], 'head');
      break;
    default:
      throw new InputError(`task '${task.kind}': not available for the encoder ${p}`);
  }
  return b.build(p, D);
}
