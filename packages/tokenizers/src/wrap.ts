import { Tokenizer } from '@huggingface/tokenizers';
import { InputError } from '@peftbench/util';
import type { DecodeOptions, EncodeOptions, TextTokenizer } from './text-tokenizer.ts';
import { resolveSpecialIds } from './special-tokens.ts';
import { keyOfLibraryError, validateTokenizerJson } from './validate-json.ts';

/** The parts of tokenizer.json we look at ourselves; the rest is @huggingface/tokenizers' business. */
export interface TokenizerJson {
  model: { type?: string; vocab?: unknown; merges?: unknown; unk_token?: unknown; [k: string]: unknown };
  added_tokens?: { id: number; content: string; special?: boolean; [k: string]: unknown }[];
  normalizer?: unknown;
  pre_tokenizer?: unknown;
  post_processor?: { type?: string; [k: string]: unknown } | null;
  decoder?: unknown;
  [k: string]: unknown;
}

/**
 * Build a TextTokenizer from a parsed tokenizer.json (+ tokenizer_config.json). `source` names the file in
 * errors. Differences from @huggingface/tokenizers' own `encode` that we correct here:
 * - RobertaProcessing pairs get all-zero type ids (HF RoBERTa: token_type_ids are zeros, type_vocab_size 1);
 * - with a ByteLevel post-processor or none, the library drops the pair's second text: we encode both and
 *   concatenate, type ids 0 then 1, as the Rust tokenizers library does.
 * - decode: no clean-up of tokenization spaces unless tokenizer_config.json asks for it (so decode(encode(x)) = x
 *   for byte-level BPE); an empty id list decodes to "".
 */
export function wrapTokenizer(json: TokenizerJson, config: Record<string, unknown>, source: string): TextTokenizer {
  validateTokenizerJson(json, source);
  const full = { normalizer: null, pre_tokenizer: null, post_processor: null, decoder: null, ...json, added_tokens: json.added_tokens ?? [] };
  let tok: Tokenizer;
  try {
    tok = new Tokenizer(full, config);
  } catch (err) {
    const key = keyOfLibraryError((err as Error).message);
    throw new InputError(`${source}${key ? ` [${key}]` : ''}: not a usable tokenizer.json (${(err as Error).message})`);
  }
  const postType = json.post_processor?.type;
  const libHandlesPairs = postType === 'BertProcessing' || postType === 'RobertaProcessing' || postType === 'TemplateProcessing';
  const cleanUp = config.clean_up_tokenization_spaces === true;
  const vocab = tok.get_vocab(true);
  const vocabSize = Math.max(-1, ...vocab.values()) + 1;

  const encodeOne = (text: string, pair: string | null, addSpecialTokens: boolean) => {
    const enc = tok.encode(text, { text_pair: pair, add_special_tokens: addSpecialTokens, return_token_type_ids: true });
    return { ids: enc.ids, typeIds: enc.token_type_ids ?? new Array(enc.ids.length).fill(0) };
  };

  return {
    encode(text: string, pair?: string, opts: EncodeOptions = {}) {
      const add = opts.addSpecialTokens ?? true;
      if (pair === undefined) return encodeOne(text, null, add);
      if (!libHandlesPairs) {
        const a = encodeOne(text, null, add).ids;
        const b = encodeOne(pair, null, add).ids;
        return { ids: [...a, ...b], typeIds: [...a.map(() => 0), ...b.map(() => 1)] };
      }
      const out = encodeOne(text, pair, add);
      if (postType === 'RobertaProcessing') out.typeIds = out.typeIds.map(() => 0);
      return out;
    },
    decode(ids: number[], opts: DecodeOptions = {}) {
      for (const [i, id] of ids.entries()) {
        if (!Number.isInteger(id) || id < 0 || id >= vocabSize) throw new RangeError(`${source}: decode: id ${id} at position ${i} is outside the vocabulary [0, ${vocabSize})`);
      }
      if (ids.length === 0) return '';
      return tok.decode(ids, { skip_special_tokens: opts.skipSpecialTokens ?? false, clean_up_tokenization_spaces: cleanUp });
    },
    tokenToId: (t: string) => tok.token_to_id(t),
    idToToken: (id: number) => tok.id_to_token(id),
    vocabSize,
    special: resolveSpecialIds({ config, json, tokenToId: (t) => tok.token_to_id(t) }),
  };
}
