/**
 * IT-Tuning's default information tokens are the authors' GPT-2 ids ("summarize", "transformation", …). A model
 * whose vocabulary renumbers GPT-2's (the tiny pretrained decoders keep only the tokens their corpus uses) gets
 * the same *tokens*, looked up by their GPT-2 strings in its own tokenizer; with the full GPT-2 vocabulary
 * (hf:gpt2) the lookup gives the ids back unchanged. Encoders (GLUE) do not insert tokens: nothing to resolve.
 */
import { gpt2TokenizerJson, tokenizerFromJson, type TextTokenizer } from '@peftbench/tokenizers';
import type { TaskSpec } from '@peftbench/core';
import { InputError } from '@peftbench/util';
import { AUTHORS_INFO_TOKEN_IDS } from './config.ts';

let gpt2: TextTokenizer | undefined;

/** The model's ids of the given GPT-2 token ids (same token strings). */
export function mapGpt2Ids(ids: readonly number[], tok: TextTokenizer): number[] {
  gpt2 ??= tokenizerFromJson(gpt2TokenizerJson({ flavour: 'gpt2' }), {}, 'gpt2-bpe');
  return ids.map((id) => {
    const token = gpt2!.idToToken(id);
    const mapped = token === undefined ? undefined : tok.tokenToId(token);
    if (mapped === undefined) throw new InputError(`model tokenizer.json: lacks GPT-2 token ${JSON.stringify(token)} (id ${id}), an IT-Tuning information token; set methods[].config.infoTokenIds`);
    return mapped;
  });
}

/** `PeftMethod.resolveConfig`: the authors' information tokens in the run's vocabulary (causal-LM tasks only). */
export function resolveItTuningConfig(raw: Record<string, unknown>, ctx: { tokenizer: unknown; task: TaskSpec }): Record<string, unknown> {
  if (raw.infoTokenIds !== undefined || ctx.task.kind !== 'causal-lm') return raw;
  return { ...raw, infoTokenIds: mapGpt2Ids(AUTHORS_INFO_TOKEN_IDS, ctx.tokenizer as TextTokenizer) };
}
