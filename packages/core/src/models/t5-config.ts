/**
 * T5 config.json (transformers 4.35 T5Config), validated: field names and defaults are Hugging Face's.
 * `feed_forward_proj` is "relu" / "gelu" / "gated-<act>" as HF accepts it; the activation actually used is
 * `dense_act_fn` when the file has it (HF writes it), else derived as HF does ("gated-gelu" → "gelu_new",
 * kept by HF for compatibility with the original T5 v1.1 checkpoints).
 */
import { z } from 'zod';

const positive = z.number().int().positive();
const probability = z.number().min(0).max(1);
const tokenId = z.number().int().nonnegative();

export const T5_ACTIVATIONS = ['relu', 'gelu', 'gelu_new', 'gelu_pytorch_tanh', 'silu'] as const;

export const t5ConfigSchema = z
  .object({
    model_type: z.literal('t5'),
    architectures: z.array(z.string()).optional(),
    vocab_size: positive.default(32128),
    d_model: positive.default(512),
    d_kv: positive.default(64),
    d_ff: positive.default(2048),
    num_layers: positive.default(6),
    /** null / absent = num_layers (HF). */
    num_decoder_layers: positive.nullable().optional(),
    num_heads: positive.default(8),
    relative_attention_num_buckets: positive.default(32),
    relative_attention_max_distance: positive.default(128),
    dropout_rate: probability.default(0.1),
    layer_norm_epsilon: z.number().positive().default(1e-6),
    initializer_factor: z.number().positive().default(1),
    feed_forward_proj: z.string().default('relu'),
    dense_act_fn: z.enum(T5_ACTIVATIONS).optional(),
    is_gated_act: z.boolean().optional(),
    is_encoder_decoder: z.literal(true).default(true),
    tie_word_embeddings: z.boolean().default(true),
    use_cache: z.boolean().default(true),
    pad_token_id: tokenId.default(0),
    eos_token_id: z.union([tokenId, z.array(tokenId)]).nullable().default(1),
    decoder_start_token_id: tokenId.nullable().optional(),
    classifier_dropout: probability.default(0),
  })
  .passthrough()
  .superRefine((c, ctx) => {
    const parts = c.feed_forward_proj.split('-');
    if ((parts.length > 1 && parts[0] !== 'gated') || parts.length > 2) {
      ctx.addIssue({ code: 'custom', path: ['feed_forward_proj'], message: `'${c.feed_forward_proj}' is not a valid activation: use '<act>' or 'gated-<act>' (e.g. 'relu', 'gated-gelu')` });
      return;
    }
    const act = t5Activation(c);
    if (!(T5_ACTIVATIONS as readonly string[]).includes(act)) {
      ctx.addIssue({ code: 'custom', path: [c.dense_act_fn ? 'dense_act_fn' : 'feed_forward_proj'], message: `activation '${act}' is not supported (have: ${T5_ACTIVATIONS.join(', ')})` });
    }
    // the decoder's log buckets divide by ln(max_distance / (num_buckets / 2)): HF fails (index error) when it is <= 0
    const exact = Math.floor(c.relative_attention_num_buckets / 2);
    if (exact > 0 && c.relative_attention_max_distance <= exact) {
      ctx.addIssue({ code: 'custom', path: ['relative_attention_max_distance'], message: `${c.relative_attention_max_distance} must exceed relative_attention_num_buckets / 2 = ${exact} (the first logarithmic bucket)` });
    }
    if (c.is_gated_act !== undefined && c.is_gated_act !== (parts[0] === 'gated')) {
      ctx.addIssue({ code: 'custom', path: ['is_gated_act'], message: `${c.is_gated_act} disagrees with feed_forward_proj '${c.feed_forward_proj}'` });
    }
  });
export type T5Config = z.infer<typeof t5ConfigSchema>;

/** The FFN activation HF uses for this config. */
export function t5Activation(c: Pick<T5Config, 'feed_forward_proj' | 'dense_act_fn'>): string {
  if (c.dense_act_fn) return c.dense_act_fn;
  if (c.feed_forward_proj === 'gated-gelu') return 'gelu_new';
  const parts = c.feed_forward_proj.split('-');
  return parts[parts.length - 1];
}

export function t5IsGated(c: Pick<T5Config, 'feed_forward_proj'>): boolean {
  return c.feed_forward_proj.split('-')[0] === 'gated' && c.feed_forward_proj.includes('-');
}

export function t5DecoderLayers(c: Pick<T5Config, 'num_layers' | 'num_decoder_layers'>): number {
  return c.num_decoder_layers ?? c.num_layers;
}
