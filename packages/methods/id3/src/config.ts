/**
 * Configs of the selective methods (ID3 paper §3, Table 7a). The shared part — budget, which tensors may
 * be chosen, how masking is applied — is `selectiveConfigShape`; ID3 adds the D3 heuristic's ε and exp.
 */
import { z } from 'zod';

export const TARGET_KINDS = ['base', 'lora', 'adapter'] as const;
export type TargetKind = (typeof TARGET_KINDS)[number];

export const selectiveConfigShape = {
  budget: z.number().int().positive().default(103_000).describe('B: the most scalars that may ever change (paper §3.2). Default 103K, the smaller budget of Tables 1 and 4; a pool smaller than B trains whole.'),
  targets: z
    .enum(TARGET_KINDS)
    .default('base')
    .describe("Which tensors entries are chosen from: 'base' = the pre-trained weights; 'lora' = the weights of a LoRA module (ID3+LoRA, Tables 2 and 5); 'adapter' = a Pfeiffer adapter (ID3+adapter, Table 3)."),
  include: z.string().optional().describe('Regular expression: only target tensors whose name matches (default: every tensor of the target kind).'),
  exclude: z.string().optional().describe('Regular expression: target tensors whose name matches are never chosen.'),
  trainHead: z.boolean().default(true).describe('Train a freshly initialised task head densely (not counted in the budget, as the papers count).'),
  maskMode: z
    .enum(['update', 'gradient'])
    .default('update')
    .describe("'update' (paper, eq. 3 + §3.2: only chosen entries ever change): the whole optimizer update including AdamW weight decay is masked. 'gradient' (authors' toolkit code): only gradients are zeroed, so decoupled weight decay still moves unchosen entries."),
  checkpointBudgets: z
    .array(z.number().int().positive())
    .default([])
    .describe('Keep a sparse snapshot the first time the chosen set reaches each of these sizes (Figure 5).'),
  lora: z
    .record(z.string(), z.unknown())
    .optional()
    .describe("targets = 'lora': the LoRA config (as @peftbench/method-lora takes it)."),
  adapter: z
    .object({ reductionFactor: z.number().positive().default(16).describe('Pfeiffer bottleneck m = d / reductionFactor (adapter-transformers default 16).') })
    .default({ reductionFactor: 16 })
    .describe("targets = 'adapter': the Pfeiffer adapter's shape."),
};

export const selectiveConfigSchema = z.object(selectiveConfigShape).strict();
export type SelectiveConfig = z.infer<typeof selectiveConfigSchema>;

export const id3ConfigSchema = z
  .object({
    ...selectiveConfigShape,
    exp: z.number().default(2).describe('D3 exponent: H = |g| / (|θ| + ε)^exp (eq. 1). Table 7a: NLU/NER 2, generative 0.'),
    eps: z.number().positive().default(1).describe('D3 smoothing ε (eq. 1). Table 7a: 1. (Authors\' README example: 1e-3.)'),
    totalSteps: z
      .number()
      .int()
      .positive()
      .optional()
      .describe('T of the uniform scheduler u_t = B/T; default: the trainer\'s total optimizer steps.'),
  })
  .strict();
export type Id3Config = z.infer<typeof id3ConfigSchema>;
