/**
 * (IA)3 options (Liu et al. 2022, "Few-Shot Parameter-Efficient Fine-Tuning is Better and Cheaper than In-Context
 * Learning"), with HF PEFT's IA3Config field names so that adapter_config.json round-trips.
 */
import { z } from 'zod';

const modules = z.union([z.string().min(1), z.array(z.string().min(1)).nonempty()]);

export const ia3ConfigSchema = z
  .object({
    target_modules: modules
      .optional()
      .describe(
        "Linears that get an (IA)3 vector (HF PEFT rules: a list matches a module named as an entry or ending with '.' + entry; a string is a regular expression " +
          "matching the whole module name; 'all-linear' = every backbone Linear). Absent: the paper's keys, values and FFN down-projection for the model type " +
          '(IA3_DEFAULTS; bert/roberta are written as a regular expression, since HF PEFT\'s own list "output.dense" also catches attention.output.dense).',
      ),
    feedforward_modules: z
      .union([z.string().min(1), z.array(z.string().min(1))])
      .optional()
      .describe(
        "Targeted Linears whose vector scales the INPUT (the FFN intermediate activations, [1, in]) instead of the output ([out, 1]). HF PEFT rules: a list entry " +
          'matches a module name ending with it (no dot needed), a string is a full-match regular expression; a list must be a subset of a list target_modules. ' +
          'Absent: the FFN down-projection of the model type.',
      ),
    init_ia3_weights: z
      .boolean()
      .default(true)
      .describe('true (paper, HF PEFT default): every vector starts at 1, so a fresh adapter is the identity. false: N(0, 1) draws, as HF PEFT (tests only).'),
    modules_to_save: z
      .array(z.string().min(1))
      .nonempty()
      .optional()
      .describe(
        "Modules besides the vectors that train and are saved (HF PEFT: a module whose name ends with an entry, with everything under it). Absent: the task's " +
          "classification head (all head parameters, BERT's pooler included); 'classifier' alone is what HF PEFT trains for SEQ_CLS / TOKEN_CLS.",
      ),
    base_model_name_or_path: z.string().optional().describe("Recorded in adapter_config.json; default: the model config's _name_or_path."),
  })
  .strict();

export type Ia3Config = z.infer<typeof ia3ConfigSchema>;

/**
 * The paper's sites per model type: keys, values, and the FFN intermediate activations (the input of the FFN
 * down-projection). GPT-2 fuses q, k, v in c_attn: HF PEFT scales all of c_attn's output (queries too); we follow
 * HF PEFT there so that files interchange. T5 / deberta-v2 are listed for counting from config.json.
 */
export const IA3_DEFAULTS: Record<string, { target_modules: string | string[]; feedforward_modules: string | string[] }> = {
  bert: { target_modules: '.*\\.attention\\.self\\.(key|value)|.*\\.layer\\.\\d+\\.output\\.dense', feedforward_modules: '.*\\.layer\\.\\d+\\.output\\.dense' },
  roberta: { target_modules: '.*\\.attention\\.self\\.(key|value)|.*\\.layer\\.\\d+\\.output\\.dense', feedforward_modules: '.*\\.layer\\.\\d+\\.output\\.dense' },
  'deberta-v2': { target_modules: '.*\\.attention\\.self\\.(key_proj|value_proj)|.*\\.layer\\.\\d+\\.output\\.dense', feedforward_modules: '.*\\.layer\\.\\d+\\.output\\.dense' },
  gpt2: { target_modules: ['c_attn', 'mlp.c_proj'], feedforward_modules: ['mlp.c_proj'] },
  llama: { target_modules: ['k_proj', 'v_proj', 'down_proj'], feedforward_modules: ['down_proj'] },
  t5: { target_modules: ['k', 'v', 'wo'], feedforward_modules: ['wo'] },
};
