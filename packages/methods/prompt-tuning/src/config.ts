/** Prompt-tuning options (Lester, Al-Rfou & Constant 2021, "The Power of Scale for Parameter-Efficient Prompt Tuning"). */
import { z } from 'zod';

export const promptTuningConfigSchema = z
  .object({
    numVirtualTokens: z
      .number()
      .int()
      .min(1)
      .default(100)
      .describe('Prompt length P (HF num_virtual_tokens): soft tokens prepended to every input. Lester et al.\'s default: 100 (§3; ablation 1-150, Fig. 3a).'),
    init: z
      .enum(['random', 'vocab', 'text'])
      .default('vocab')
      .describe(
        "Prompt initialisation (Lester §3.1 / Fig. 3b): 'random' = U(-0.5, 0.5); 'vocab' = embeddings of tokens sampled from the vocabulary's first vocabSampleSize ids " +
          "(their 'sampled vocabulary'); 'text' = embeddings of initText's tokens, repeated to fill P (HF PROMPT_TUNING_INIT TEXT).",
      ),
    vocabSampleSize: z
      .number()
      .int()
      .positive()
      .default(5000)
      .describe("init 'vocab': sample from ids [0, min(this, vocab size)) — Lester: the 5,000 most common tokens (frequency-ordered vocabularies)."),
    initText: z.string().min(1).nullable().default(null).describe("init 'text': the text (HF prompt_tuning_init_text); resolved to initTokenIds with the run's tokenizer."),
    initTokenIds: z
      .array(z.number().int().nonnegative())
      .min(1)
      .nullable()
      .default(null)
      .describe("init 'text': initText's token ids (set by resolveConfig from the tokenizer, or given directly). Must not be longer than numVirtualTokens."),
    tokenizerNameOrPath: z.string().nullable().default(null).describe('HF tokenizer_name_or_path written to adapter_config.json for init text (HF PEFT 0.7.1 reloads a TEXT adapter through it).'),
  })
  .strict();

export type PromptTuningConfig = z.infer<typeof promptTuningConfigSchema>;
