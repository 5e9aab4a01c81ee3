/**
 * Method configs that depend on the model's vocabulary. IT-Tuning's default information tokens are the
 * authors' GPT-2 ids ("summarize", "transformation", …); a tiny pretrained decoder renumbers GPT-2's
 * vocabulary, so the same *tokens* are looked up by their GPT-2 strings in the model's tokenizer. With the
 * full GPT-2 vocabulary (hf:gpt2) the lookup gives the ids back unchanged.
 */
import { AUTHORS_INFO_TOKEN_IDS } from '@peftbench/method-it-tuning';
import { gpt2TokenizerJson, tokenizerFromJson, type TextTokenizer } from '@peftbench/tokenizers';
import { InputError } from '@peftbench/util';

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

export function methodConfigFor(method: string, config: Record<string, unknown>, tok: TextTokenizer): Record<string, unknown> {
  if (method !== 'it-tuning' || config.infoTokenIds !== undefined) return config;
  return { ...config, infoTokenIds: mapGpt2Ids(AUTHORS_INFO_TOKEN_IDS, tok) };
}
