/**
 * GPT-2 and Llama config.json, validated. Field names and defaults are Hugging Face's (transformers 4.35:
 * GPT2Config, LlamaConfig). Inconsistent head counts are rejected here, naming the field.
 */
import { z } from 'zod';

const positive = z.number().int().positive();
const probability = z.number().min(0).max(1);
const tokenId = z.number().int().nonnegative().nullable().optional();
/** HF allows a list of eos ids; we keep what the file says. */
const tokenIds = z.union([z.number().int().nonnegative(), z.array(z.number().int().nonnegative())]).nullable().optional();

export const gpt2ConfigSchema = z
  .object({
    model_type: z.literal('gpt2'),
    architectures: z.array(z.string()).optional(),
    vocab_size: positive.default(50257),
    n_positions: positive.default(1024),
    n_embd: positive.default(768),
    n_layer: positive.default(12),
    n_head: positive.default(12),
    n_inner: positive.nullable().default(null),
    activation_function: z.enum(['gelu_new', 'gelu', 'relu', 'silu', 'gelu_pytorch_tanh']).default('gelu_new'),
    resid_pdrop: probability.default(0.1),
    embd_pdrop: probability.default(0.1),
    attn_pdrop: probability.default(0.1),
    layer_norm_epsilon: z.number().positive().default(1e-5),
    initializer_range: z.number().positive().default(0.02),
    scale_attn_weights: z.boolean().default(true),
    scale_attn_by_inverse_layer_idx: z.boolean().default(false),
    reorder_and_upcast_attn: z.boolean().default(false),
    add_cross_attention: z.literal(false).default(false),
    tie_word_embeddings: z.boolean().default(true),
    bos_token_id: tokenId.default(50256),
    eos_token_id: tokenIds.default(50256),
    pad_token_id: tokenId,
  })
  .passthrough()
  .superRefine((c, ctx) => {
    if (c.n_embd % c.n_head !== 0) ctx.addIssue({ code: 'custom', path: ['n_head'], message: `n_embd ${c.n_embd} is not divisible by n_head ${c.n_head}` });
  });
export type Gpt2Config = z.infer<typeof gpt2ConfigSchema>;

export const llamaConfigSchema = z
  .object({
    model_type: z.literal('llama'),
    architectures: z.array(z.string()).optional(),
    vocab_size: positive.default(32000),
    hidden_size: positive.default(4096),
    intermediate_size: positive.default(11008),
    num_hidden_layers: positive.default(32),
    num_attention_heads: positive.default(32),
    /** null / absent = num_attention_heads (multi-head attention), as LlamaConfig does. */
    num_key_value_heads: positive.nullable().optional(),
    hidden_act: z.enum(['silu', 'gelu', 'gelu_new', 'relu', 'gelu_pytorch_tanh']).default('silu'),
    max_position_embeddings: positive.default(2048),
    initializer_range: z.number().positive().default(0.02),
    rms_norm_eps: z.number().positive().default(1e-6),
    rope_theta: z.number().positive().default(10000),
    // Scaled RoPE (linear / dynamic NTK) is not implemented: refuse rather than compute something else.
    rope_scaling: z.null().optional(),
    attention_bias: z.boolean().default(false),
    attention_dropout: probability.default(0),
    /** Tensor-parallel slicing of the same product; mathematically a no-op here. */
    pretraining_tp: positive.default(1),
    tie_word_embeddings: z.boolean().default(false),
    bos_token_id: tokenId.default(1),
    eos_token_id: tokenIds.default(2),
    pad_token_id: tokenId,
  })
  .passthrough()
  .superRefine((c, ctx) => {
    if (c.hidden_size % c.num_attention_heads !== 0) {
      ctx.addIssue({ code: 'custom', path: ['num_attention_heads'], message: `hidden_size ${c.hidden_size} is not divisible by num_attention_heads ${c.num_attention_heads}` });
    }
    const kv = c.num_key_value_heads ?? c.num_attention_heads;
    if (c.num_attention_heads % kv !== 0) {
      ctx.addIssue({ code: 'custom', path: ['num_key_value_heads'], message: `num_key_value_heads ${kv} does not divide num_attention_heads ${c.num_attention_heads}` });
    }
    if ((c.hidden_size / c.num_attention_heads) % 2 !== 0) {
      ctx.addIssue({ code: 'custom', path: ['num_attention_heads'], message: `head size ${c.hidden_size / c.num_attention_heads} is odd; rotary embeddings need an even head size` });
    }
  });
export type LlamaConfig = z.infer<typeof llamaConfigSchema>;

/** The first eos id a config names (HF allows a list), or null. */
export function firstEosId(config: { eos_token_id?: number | number[] | null }): number | null {
  const e = config.eos_token_id;
  if (e === undefined || e === null) return null;
  return Array.isArray(e) ? (e[0] ?? null) : e;
}
