/** PASTA options (Yang et al. 2023, "Parameter-Efficient Tuning with Special Token Adaptation", EACL). */
import { z } from 'zod';

export const pastaConfigSchema = z
  .object({
    numVectors: z
      .number()
      .int()
      .positive()
      .default(3)
      .describe(
        'Trainable vectors per layer, one per special-token slot: the i-th special token of a sequence (counting from its start) gets vector i, for i < numVectors. ' +
          "Default 3 ([CLS] A [SEP] B [SEP]): L·3·d = 73,728 for RoBERTa-large, IT-Tuning Table 1's PASTA row (0.07M). RoBERTa pairs (<s> A </s></s> B </s>) have 4 special tokens: numVectors 4 covers them all (0.10M).",
      ),
    specialTokenIds: z
      .array(z.number().int().nonnegative())
      .nonempty()
      .optional()
      .describe("Token ids that count as special tokens. Absent: config.json's bos/eos/cls/sep_token_id (RoBERTa <s> 0, </s> 2); required when config.json names none (BERT's [CLS]/[SEP] ids live in the tokenizer)."),
  })
  .strict();

export type PastaConfig = z.infer<typeof pastaConfigSchema>;
