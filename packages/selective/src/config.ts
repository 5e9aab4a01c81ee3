/**
 * The config every selective method shares (ID3 paper §3, Table 7a): the budget, which tensors entries may
 * be chosen from, how masking is applied. Each method spreads `selectiveConfigShape` into its own strict
 * schema and adds its own options (ID3: the D3 heuristic's ε and exp and the scheduler's T).
 */
import { z } from 'zod';

export const TARGET_KINDS = ['base', 'lora', 'adapter'] as const;
/** The target kinds by name (`TARGET.lora`), for code that sets `targets` without spelling it. */
export const TARGET = { base: 'base', lora: 'lora', adapter: 'adapter' } as const satisfies Record<string, (typeof TARGET_KINDS)[number]>;
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
