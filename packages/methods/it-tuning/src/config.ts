/**
 * IT-Tuning config (Kim & Kim 2024, eq. 1–2, Tables 3–4). Defaults are the paper's; the authors' code
 * behaviours are named options.
 */
import { z } from 'zod';

/** GPT-2 ids of "summarize", "transformation", "text", "table", "summary", "data", "sentence", "slot": the authors' cycle. */
export const AUTHORS_INFO_TOKEN_IDS = [35743, 13389, 2420, 3084, 10638, 1366, 6827, 10852];

export const itTuningConfigSchema = z
  .object({
    rank: z.number().int().positive().default(1).describe('R, information tokens (NLU: the first R positions, [CLS]/<s> for R = 1; NLG: R inserted tokens). Paper: 1 for GLUE, 4 for E2E.'),
    alpha: z.number().min(1).default(1).describe('α (eq. 2): the scaling vectors V_Q, V_ff learn at α·η; the shift V_A at η. Paper: 1 (RoBERTa), 2 (GPT-2).'),
    attentionVector: z.enum(['query', 'key']).default('query').describe("Which projection V_Q scales: 'query' (paper) or 'key' (Table 3 ablation)."),
    sharedPositions: z
      .enum(['all', 'source'])
      .default('all')
      .describe("Which non-information tokens the shared vectors V^1 edit: 'all' (paper eq. 1: every input token) or 'source' (authors' GPT-2 code: source only, target positions never edited)."),
    infoTokenIds: z.array(z.number().int().nonnegative()).min(1).default(AUTHORS_INFO_TOKEN_IDS).describe('NLG: ids inserted as information tokens, cycled (default: the authors\' GPT-2 words).'),
    trainHead: z.boolean().default(true).describe('NLU: train a new classification head on the first token (not counted, as the paper counts).'),
  })
  .strict();
export type ItTuningConfig = z.infer<typeof itTuningConfigSchema>;
