/**
 * LoRA options, with HF PEFT's field names and defaults (peft.LoraConfig), so that an
 * adapter_config.json round-trips. Paper settings: RED Tables 9–11/13, ID3 Table 7a, LoRA paper.
 */
import { z } from 'zod';

export const loraConfigSchema = z
  .object({
    r: z.number().int().positive().default(8).describe('Rank of the update ΔW = B A (HF PEFT default 8; RoBERTa r_q = r_v = 8 in RED Tables 9/10).'),
    lora_alpha: z.number().positive().default(8).describe('α: the update is scaled by α / r (HF PEFT default 8; RED RoBERTa-base 8, -large 16, GPT-2 32).'),
    lora_dropout: z.number().min(0).lt(1).default(0).describe('Dropout on the LoRA input x (training only; HF PEFT default 0).'),
    target_modules: z
      .union([z.string().min(1), z.array(z.string().min(1)).nonempty()])
      .optional()
      .describe(
        "Which Linear modules get LoRA. A list matches a module whose name equals an entry or ends with '.' + entry; a string is a regular expression that must match the whole module name; " +
          "'all-linear' = every backbone Linear. Absent: HF PEFT's default for the model type (bert/roberta: query, value; gpt2: c_attn; llama: q_proj, v_proj; deberta-v2: query_proj, value_proj; t5: q, v).",
      ),
    bias: z.enum(['none', 'all', 'lora_only']).default('none').describe("Bias terms that train: 'none' (the papers' setting), 'all' (every bias), 'lora_only' (biases of the targeted modules)."),
    layers_to_transform: z.array(z.number().int().nonnegative()).nonempty().optional().describe('Only these layer indices get LoRA (HF PEFT); absent = every layer.'),
    use_rslora: z.boolean().default(false).describe('Rank-stabilised scaling α / √r instead of α / r (HF PEFT use_rslora).'),
    init_lora_weights: z.boolean().default(true).describe('true: A ~ kaiming-uniform(a=√5), B = 0 (the update starts at zero). false: B is drawn like A too (tests only, as in HF PEFT).'),
    modules_to_save: z
      .array(z.string().min(1))
      .nonempty()
      .optional()
      .describe(
        "Modules besides LoRA that train and are saved (HF PEFT rule: a module whose name ends with an entry, with everything under it). Absent: the task's " +
          "classification head (all head parameters, BERT's pooler included); HF PEFT itself trains 'classifier' / 'score' for SEQ_CLS / TOKEN_CLS.",
      ),
    base_model_name_or_path: z.string().optional().describe("Recorded in adapter_config.json; default: the model config's _name_or_path."),
  })
  .strict();

export type LoraConfig = z.infer<typeof loraConfigSchema>;

/** HF PEFT's TRANSFORMERS_MODELS_TO_LORA_TARGET_MODULES_MAPPING for the model types peftbench knows. */
export const DEFAULT_TARGET_MODULES: Record<string, string[]> = {
  bert: ['query', 'value'],
  roberta: ['query', 'value'],
  'deberta-v2': ['query_proj', 'value_proj'],
  gpt2: ['c_attn'],
  llama: ['q_proj', 'v_proj'],
  t5: ['q', 'v'],
};

/** α / r, or α / √r with rsLoRA. */
export function loraScaling(cfg: Pick<LoraConfig, 'r' | 'lora_alpha' | 'use_rslora'>): number {
  return cfg.use_rslora ? cfg.lora_alpha / Math.sqrt(cfg.r) : cfg.lora_alpha / cfg.r;
}
