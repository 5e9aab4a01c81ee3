/**
 * UniPELT options (Mao et al. 2022, "UniPELT: A Unified Framework for Parameter-Efficient Language Model Tuning",
 * ACL). Each sub-module takes its own package's options; defaults are the paper's GLUE settings for BERT-base
 * (§4.1): LoRA r = 8, α = 16 on query/value; prefix length 10 with the reparameterisation MLP; adapter bottleneck 48.
 */
import { z } from 'zod';
import { adapterConfigSchema, VARIANTS } from '@peftbench/method-adapter';
import { loraConfigSchema } from '@peftbench/method-lora';
import { prefixTuningConfigSchema } from '@peftbench/method-prefix-tuning';

const withDefaults = <S extends z.ZodType>(defaults: Record<string, unknown>, schema: S) =>
  z.preprocess((v) => ({ ...defaults, ...((v as Record<string, unknown> | undefined) ?? {}) }), schema);

export const UNIPELT_SUBMODULES = ['lora', 'prefix', 'adapter'] as const;
export type UnipeltSubmodule = (typeof UNIPELT_SUBMODULES)[number];

export const unipeltConfigSchema = z
  .object({
    submodules: z
      .array(z.enum(UNIPELT_SUBMODULES))
      .nonempty()
      .default(['lora', 'prefix', 'adapter'])
      .describe("Which sub-modules are on: all three is UniPELT (default); two of them are the paper's UniPELT (AP) / (AL) / ... ablations (Table 1)."),
    gates: z
      .boolean()
      .default(true)
      .describe('Learned sigmoid gates on each sub-module (the paper). false: the sub-modules are simply stacked (the gate ablation of §5).'),
    lora: withDefaults({ r: 8, lora_alpha: 16 }, loraConfigSchema).describe("LoRA sub-module, @peftbench/method-lora's options (UniPELT: r 8, α 16, query and value)."),
    prefix: withDefaults({ numVirtualTokens: 10 }, prefixTuningConfigSchema).describe("Prefix sub-module, @peftbench/method-prefix-tuning's options (UniPELT: 10 prefix tokens, MLP reparameterisation)."),
    adapter: withDefaults({ bottleneck: 48 }, adapterConfigSchema(VARIANTS.pfeiffer.defaults)).describe(
      "Adapter sub-module, @peftbench/method-adapter's options for the sequential adapter after the FFN (AdapterHub's Pfeiffer placement; UniPELT: bottleneck 48).",
    ),
  })
  .strict();

export type UnipeltConfig = z.infer<typeof unipeltConfigSchema>;
