/**
 * Hugging Face config.json, validated. Field names are HF's; defaults are HF's (transformers 4.35).
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { InputError, readUtf8 } from '@peftbench/util';

const positive = z.number().int().positive();
const probability = z.number().min(0).max(1);
const labelMap = z.record(z.string(), z.union([z.string(), z.number()])).optional();

export const encoderConfigSchema = z
  .object({
    model_type: z.enum(['bert', 'roberta']),
    architectures: z.array(z.string()).optional(),
    vocab_size: positive,
    hidden_size: positive,
    num_hidden_layers: positive,
    num_attention_heads: positive,
    intermediate_size: positive,
    hidden_act: z.enum(['gelu', 'gelu_new', 'relu', 'gelu_pytorch_tanh']).default('gelu'),
    hidden_dropout_prob: probability.default(0.1),
    attention_probs_dropout_prob: probability.default(0.1),
    classifier_dropout: probability.nullable().optional(),
    max_position_embeddings: positive,
    type_vocab_size: positive.default(2),
    layer_norm_eps: z.number().positive().default(1e-12),
    pad_token_id: z.number().int().nonnegative().default(0),
    position_embedding_type: z.literal('absolute').default('absolute'),
    num_labels: positive.optional(),
    id2label: labelMap,
    label2id: labelMap,
    problem_type: z.string().nullable().optional(),
  })
  .passthrough()
  .superRefine((c, ctx) => {
    if (c.hidden_size % c.num_attention_heads !== 0) {
      ctx.addIssue({ code: 'custom', path: ['num_attention_heads'], message: `hidden_size ${c.hidden_size} is not divisible by num_attention_heads ${c.num_attention_heads}` });
    }
  });
export type EncoderConfig = z.infer<typeof encoderConfigSchema>;

/** Parsers per model_type; decoders register theirs (see registerConfigParser). */
const parsers = new Map<string, z.ZodType<any>>([
  ['bert', encoderConfigSchema],
  ['roberta', encoderConfigSchema],
]);

export function registerConfigParser(modelType: string, schema: z.ZodType<any>): void {
  parsers.set(modelType, schema);
}

export type HfConfig = Record<string, unknown> & { model_type: string };

/** Validate a parsed config.json; `file` names the source in errors. */
export function parseHfConfig(json: unknown, file = 'config.json'): HfConfig {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) throw new InputError(`${file}: expected a JSON object`);
  const modelType = (json as Record<string, unknown>).model_type;
  if (typeof modelType !== 'string') throw new InputError(`${file} [model_type]: missing or not a string`);
  const schema = parsers.get(modelType);
  if (!schema) throw new InputError(`${file} [model_type]: unsupported model_type '${modelType}' (supported: ${[...parsers.keys()].join(', ')})`);
  const r = schema.safeParse(json);
  if (!r.success) {
    const issue = r.error.issues[0];
    throw new InputError(`${file} [${issue.path.join('.') || '(root)'}]: ${issue.message}`);
  }
  return r.data as HfConfig;
}

export function readHfConfig(path: string): HfConfig {
  let text: string;
  try {
    text = readUtf8(path);
  } catch (err) {
    if (err instanceof InputError) throw err;
    throw new InputError(`${path}: cannot read (${(err as Error).message})`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new InputError(`${path}: not valid JSON (${(err as Error).message})`);
  }
  return parseHfConfig(json, path);
}

/** num_labels as HF derives it: explicit, else from id2label, else 2. */
export function numLabelsOf(config: HfConfig): number {
  if (typeof config.num_labels === 'number') return config.num_labels;
  const id2label = config.id2label as Record<string, unknown> | undefined;
  if (id2label) return Object.keys(id2label).length;
  return 2;
}
