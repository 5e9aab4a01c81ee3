/**
 * IT-Tuning config (Kim & Kim 2024, eq. 1–2, Tables 3–4). Defaults are the paper's; the authors' code
 * behaviours are named options.
 */
import { z } from 'zod';

/** GPT-2 ids of "summarize", "transformation", "text", "table", "summary", "data", "sentence", "slot": the authors' cycle. */
export const AUTHORS_INFO_TOKEN_IDS = [35743, 13389, 2420, 3084, 10638, 1366, 6827, 10852];

/** The two vector operations of eq. 1 / §3.3: scaling (h ⊙ V, neutral V = 1) and shifting (h ⊕ V, neutral V = 0). */
export const itTuningOperation = z.enum(['scale', 'shift']);
export type ItTuningOperation = z.infer<typeof itTuningOperation>;

/** Eq. 1 / Figure 1 (the paper's IT-Tuning): scale V_Q, shift V_A, scale V_ff — "1 Shifting + 2 Scaling" of Figure 6. */
export const PAPER_OPERATIONS = { q: 'scale', a: 'shift', ff: 'scale' } as const satisfies Record<string, ItTuningOperation>;

/**
 * Figure 6's four combinations (§3.3, BERT-base on GLUE), labelled as its caption prints them: "Only shifting" /
 * "Only scaling" use one operation at all three sites, "2 Shifting + 1 Scaling" scales the query and shifts the
 * others, "1 Shifting + 2 Scaling" is Figure 1 (the paper's default).
 */
export const FIGURE6_OPERATIONS = [
  { label: 'Only shifting', operations: { q: 'shift', a: 'shift', ff: 'shift' } },
  { label: 'Only scaling', operations: { q: 'scale', a: 'scale', ff: 'scale' } },
  { label: '2 Shifting + 1 Scaling', operations: { q: 'scale', a: 'shift', ff: 'shift' } },
  { label: '1 Shifting + 2 Scaling', operations: { ...PAPER_OPERATIONS } },
] as const satisfies readonly { label: string; operations: Record<'q' | 'a' | 'ff', ItTuningOperation> }[];

export const itTuningOperationsSchema = z
  .object({
    q: itTuningOperation.default(PAPER_OPERATIONS.q).describe("V_Q, on the query (or key, see attentionVector) projection output: 'scale' (eq. 1) or 'shift'."),
    a: itTuningOperation.default(PAPER_OPERATIONS.a).describe("V_A, on the attention sub-block output after its residual add: 'shift' (eq. 1) or 'scale'."),
    ff: itTuningOperation.default(PAPER_OPERATIONS.ff).describe("V_ff, on the layer (feed-forward block) output: 'scale' (eq. 1) or 'shift'."),
  })
  .strict();
export type ItTuningOperations = z.infer<typeof itTuningOperationsSchema>;

export const itTuningConfigSchema = z
  .object({
    rank: z.number().int().positive().default(1).describe('R, information tokens (NLU: the first R positions, [CLS]/<s> for R = 1; NLG: R inserted tokens). Paper: 1 for GLUE, 4 for E2E.'),
    alpha: z.number().min(1).default(1).describe('α (eq. 2): the scaling vectors (V_Q, V_ff with the default operations; whichever sites scale, see operations) learn at α·η, the shifting ones at η. Paper: 1 (RoBERTa), 2 (GPT-2).'),
    attentionVector: z.enum(['query', 'key']).default('query').describe("Which projection V_Q scales: 'query' (paper) or 'key' (Table 3 ablation)."),
    sharedPositions: z
      .enum(['all', 'source'])
      .default('all')
      .describe("Which non-information tokens the shared vectors V^1 edit: 'all' (paper eq. 1: every input token) or 'source' (authors' GPT-2 code: source only, target positions never edited)."),
    infoTokenIds: z.array(z.number().int().nonnegative()).min(1).default(AUTHORS_INFO_TOKEN_IDS).describe('NLG: ids inserted as information tokens, cycled (default: the authors\' GPT-2 words).'),
    operations: itTuningOperationsSchema
      .default(() => ({ ...PAPER_OPERATIONS }))
      .describe(
        "Which operation each site applies (§3.3, Figure 6): {q, a, ff} each 'scale' (h ⊙ V, starts at 1) or 'shift' (h ⊕ V, starts at 0). Default = eq. 1 / Figure 1: {q: scale, a: shift, ff: scale} (\"1 Shifting + 2 Scaling\"); Figure 6 also runs only shifting, only scaling, and {q: scale, a: shift, ff: shift} (\"2 Shifting + 1 Scaling\"). α (eq. 2) applies to whichever vectors scale.",
      ),
    trainHead: z.boolean().default(true).describe('NLU: train a new classification head on the first token (not counted, as the paper counts).'),
  })
  .strict();
export type ItTuningConfig = z.infer<typeof itTuningConfigSchema>;
