/**
 * DeBERTa-v2 / v3 config.json (HF `model_type: "deberta-v2"`), validated. Field names and defaults are
 * HF's (transformers 4.35 `DebertaV2Config` and the `getattr(config, …, default)` reads of the modeling
 * code). `pos_att_type` and `norm_rel_ebd` may be written as a `|`-separated string (deberta-v3-base writes
 * `"p2c|c2p"`): they are split, trimmed and lower-cased as HF does.
 */
import { z } from 'zod';

const positive = z.number().int().positive();
const probability = z.number().min(0).max(1);
const labelMap = z.record(z.string(), z.union([z.string(), z.number()])).optional();

/** The disentangled-attention terms DeBERTa-v2's attention implements. */
export const DEBERTA_POS_ATT_TYPES = ['c2p', 'p2c'] as const;
export type DebertaPosAttType = (typeof DEBERTA_POS_ATT_TYPES)[number];

/** `"a|b"` or `["a", "b"]` → ['a', 'b'] (trimmed, lower-cased, as HF's config does for strings). */
const barList = z
  .union([z.string(), z.array(z.string())])
  .transform((v) => (typeof v === 'string' ? v.toLowerCase().split('|').map((x) => x.trim()).filter((x) => x !== '') : v.map((x) => x.trim().toLowerCase())));

export const debertaV2ConfigSchema = z
  .object({
    model_type: z.literal('deberta-v2'),
    architectures: z.array(z.string()).optional(),
    vocab_size: positive.default(128100),
    hidden_size: positive.default(1536),
    num_hidden_layers: positive.default(24),
    num_attention_heads: positive.default(24),
    intermediate_size: positive.default(6144),
    hidden_act: z.enum(['gelu', 'gelu_new', 'relu', 'gelu_pytorch_tanh']).default('gelu'),
    hidden_dropout_prob: probability.default(0.1),
    attention_probs_dropout_prob: probability.default(0.1),
    max_position_embeddings: positive.default(512),
    type_vocab_size: z.number().int().nonnegative().default(0),
    initializer_range: z.number().positive().default(0.02),
    layer_norm_eps: z.number().positive().default(1e-7),
    relative_attention: z.boolean().default(false),
    /** < 1 means max_position_embeddings. */
    max_relative_positions: z.number().int().default(-1),
    /** Log-bucketed relative positions (DeBERTa-v3: 256). HF's default -1 (no buckets) is refused when relative_attention is on. */
    position_buckets: z.number().int().default(-1),
    pad_token_id: z.number().int().nonnegative().default(0),
    position_biased_input: z.boolean().default(true),
    pos_att_type: barList.nullable().default(null),
    norm_rel_ebd: barList.default(['none']),
    share_att_key: z.boolean().default(false),
    embedding_size: positive.optional(),
    attention_head_size: positive.optional(),
    conv_kernel_size: z.number().int().nonnegative().default(0),
    pooler_hidden_size: positive.optional(),
    pooler_hidden_act: z.enum(['gelu', 'gelu_new', 'relu', 'gelu_pytorch_tanh', 'tanh']).default('gelu'),
    pooler_dropout: probability.default(0),
    cls_dropout: probability.nullable().optional(),
    num_labels: positive.optional(),
    id2label: labelMap,
    label2id: labelMap,
    problem_type: z.string().nullable().optional(),
  })
  .passthrough()
  .superRefine((c, ctx) => {
    if (c.attention_head_size !== undefined && c.attention_head_size * c.num_attention_heads !== c.hidden_size) {
      ctx.addIssue({ code: 'custom', path: ['attention_head_size'], message: `${c.attention_head_size} × ${c.num_attention_heads} heads differs from hidden_size ${c.hidden_size} (the attention output projection is hidden × hidden)` });
    } else if (c.hidden_size % c.num_attention_heads !== 0) {
      ctx.addIssue({ code: 'custom', path: ['num_attention_heads'], message: `hidden_size ${c.hidden_size} is not divisible by num_attention_heads ${c.num_attention_heads}` });
    }
    for (const [i, t] of (c.pos_att_type ?? []).entries()) {
      if (!(DEBERTA_POS_ATT_TYPES as readonly string[]).includes(t)) {
        ctx.addIssue({ code: 'custom', path: ['pos_att_type', i], message: `unknown entry '${t}' (DeBERTa-v2 attention knows ${DEBERTA_POS_ATT_TYPES.join(', ')})` });
      }
    }
    for (const [i, t] of c.norm_rel_ebd.entries()) {
      if (t !== 'none' && t !== 'layer_norm') ctx.addIssue({ code: 'custom', path: ['norm_rel_ebd', i], message: `unknown entry '${t}' (expected 'layer_norm' or 'none')` });
    }
    if (c.relative_attention && c.position_buckets <= 0) {
      ctx.addIssue({
        code: 'custom',
        path: ['position_buckets'],
        message: `must be a positive number of log buckets when relative_attention is true (got ${c.position_buckets}; -1 is HF's default when the key is absent); DeBERTa-v3 uses 256`,
      });
    }
    if (!c.relative_attention && (c.pos_att_type ?? []).length > 0) {
      // HF would only change the score scale (sqrt(d·(1 + |pos_att_type|))) without any relative term: almost certainly a mistake.
      ctx.addIssue({ code: 'custom', path: ['pos_att_type'], message: `set (${c.pos_att_type!.join('|')}) but relative_attention is false` });
    }
    if (c.conv_kernel_size > 0) {
      ctx.addIssue({ code: 'custom', path: ['conv_kernel_size'], message: `${c.conv_kernel_size}: the DeBERTa-v2 convolution layer (deberta-v2-xlarge/xxlarge) is not supported; DeBERTa-v3 has none` });
    }
    if (c.pooler_hidden_size !== undefined && c.pooler_hidden_size !== c.hidden_size) {
      ctx.addIssue({ code: 'custom', path: ['pooler_hidden_size'], message: `${c.pooler_hidden_size} differs from hidden_size ${c.hidden_size} (HF's ContextPooler reads the hidden state with it)` });
    }
  });
export type DebertaV2Config = z.infer<typeof debertaV2ConfigSchema>;

/** DeBERTa-v2 derived sizes, as the HF modeling code computes them. */
export function debertaSizes(c: DebertaV2Config): { headSize: number; allHeadSize: number; embeddingSize: number; maxRelativePositions: number; attSpan: number; relEmbeddingRows: number } {
  const headSize = c.attention_head_size ?? c.hidden_size / c.num_attention_heads;
  const maxRelativePositions = c.max_relative_positions < 1 ? c.max_position_embeddings : c.max_relative_positions;
  const attSpan = c.position_buckets > 0 ? c.position_buckets : maxRelativePositions;
  return { headSize, allHeadSize: headSize * c.num_attention_heads, embeddingSize: c.embedding_size ?? c.hidden_size, maxRelativePositions, attSpan, relEmbeddingRows: attSpan * 2 };
}
