/** @peftbench/method-prompt-tuning: prompt tuning (Lester et al. 2021), saved as HF PEFT PROMPT_TUNING. */
import type { PeftMethod } from '@peftbench/core';
import type { TextTokenizer } from '@peftbench/tokenizers';
import { applyPromptTuning } from './apply.ts';
import { promptTuningConfigSchema, type PromptTuningConfig } from './config.ts';
import { countPromptTuning } from './count.ts';

export const method: PeftMethod<PromptTuningConfig> = {
  name: 'prompt-tuning',
  label: 'Prompt Tuning',
  paperNames: ['Prompt Tuning', 'PromptTuning', 'Prompt-Tuning', 'PT'],
  summary: 'Prompt tuning: P soft prompt embeddings (P × d) prepended to the input; backbone frozen, classification head trained. Init random, sampled vocabulary or text.',
  configSchema: promptTuningConfigSchema,
  apply: (model, cfg, task) => applyPromptTuning(model, cfg, task),
  countTrainable: (hfConfig, cfg, task) => countPromptTuning(hfConfig, cfg, task).total,
  // init 'text': the text's ids in the run's tokenizer, special tokens included (HF: tokenizer(init_text)["input_ids"])
  resolveConfig: (raw, ctx) => {
    if (raw.init !== 'text' || typeof raw.initText !== 'string' || raw.initTokenIds !== undefined || !ctx.tokenizer) return raw;
    return { ...raw, initTokenIds: (ctx.tokenizer as TextTokenizer).encode(raw.initText).ids };
  },
};

export { applyPromptTuning, applySoftPrompt, initTokenIds, PROMPT_OWNER, type SoftPrompt } from './apply.ts';
export { countPromptTuning } from './count.ts';
export { promptTuningConfigSchema, type PromptTuningConfig } from './config.ts';
export { loadPromptTuningAdapter, promptConfigFromAdapter } from './load.ts';
export { installVirtualTokens, prependVirtualTokens, placeholderId, wordEmbeddingName } from './virtual-tokens.ts';
