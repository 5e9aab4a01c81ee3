/**
 * Generation options (Hugging Face GenerationConfig names in camelCase, HF defaults), validated: a bad
 * value throws InputError naming the field.
 */
import { z } from 'zod';
import { InputError } from '@peftbench/util';

const tokenId = z.number().int().nonnegative();

export const generateOptionsSchema = z
  .object({
    maxNewTokens: z.number().int().positive(),
    numBeams: z.number().int().min(1, 'numBeams must be at least 1').default(1),
    /** Beam scores are divided by length^lengthPenalty (HF: > 0 favours longer, < 0 shorter sequences). */
    lengthPenalty: z.number().finite().default(1),
    /** HF early_stopping: true, false (heuristic) or 'never' (exact). */
    earlyStopping: z.union([z.boolean(), z.literal('never')]).default(false),
    noRepeatNgramSize: z.number().int().nonnegative('noRepeatNgramSize must not be negative').default(0),
    /** CTRL's penalty (Keskar et al. 2019): > 1 discourages repeats, 1 = off; must be > 0. */
    repetitionPenalty: z.number().finite().positive('repetitionPenalty must be > 0 (1 = no penalty)').default(1),
    /** undefined = the model config's eos_token_id; null = no end-of-sequence token. */
    eosTokenId: z.union([tokenId, z.array(tokenId).min(1)]).nullable().optional(),
    /** undefined = config pad_token_id, else the first eos id (as HF does, with a warning there). */
    padTokenId: tokenId.nullable().optional(),
    useCache: z.boolean().default(true),
    numReturnSequences: z.number().int().min(1).default(1),
    /** Return the processed next-token scores of every step (greedy: logits; beam: log-probs + beam score). */
    outputScores: z.boolean().default(false),
  })
  .strict()
  .superRefine((o, ctx) => {
    if (o.numReturnSequences > o.numBeams) {
      ctx.addIssue({ code: 'custom', path: ['numReturnSequences'], message: `numReturnSequences ${o.numReturnSequences} exceeds numBeams ${o.numBeams}` });
    }
  });

export type GenerateOptionsInput = z.input<typeof generateOptionsSchema>;
export type GenerateOptions = z.output<typeof generateOptionsSchema>;

export function parseGenerateOptions(raw: unknown, source = 'generate options'): GenerateOptions {
  const r = generateOptionsSchema.safeParse(raw ?? {});
  if (!r.success) {
    const issue = r.error.issues[0];
    throw new InputError(`${source} [${issue.path.join('.') || '(root)'}]: ${issue.message}`);
  }
  return r.data;
}
