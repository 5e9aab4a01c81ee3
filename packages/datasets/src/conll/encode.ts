import type { EncodedExample } from '../common/batch.ts';
import { contentIds, specialTemplate, type EncodingTokenizer } from '../common/tokenizer.ts';
import type { ConllSentence } from './types.ts';

export interface ConllEncodeOptions {
  /** Longest sequence including special tokens (ID3: 384). */
  maxLength: number;
  /**
   * Put a space before each word before tokenizing: 'all' (HF is_split_into_words with
   * add_prefix_space=True, what RoBERTa NER needs), 'notFirst' (like running text), 'none'.
   */
  spaceBeforeWords?: 'all' | 'notFirst' | 'none';
}

export interface EncodedTokens extends EncodedExample {
  /** One label per position: the word's NER id on its first sub-token, -100 elsewhere. */
  label: number[];
  /** For each position, the index of the word it belongs to, or -1 (special tokens). */
  wordIndex: number[];
  /** Number of words in the sentence (words cut by truncation get no position). */
  numWords: number;
}

/**
 * Token classification with sub-word alignment: each word is tokenized on its own; its label goes on its
 * first sub-token and -100 on the rest and on special tokens (HF's label_all_tokens=False).
 */
export function conllEncode(sentences: readonly ConllSentence[], tokenizer: EncodingTokenizer, opts: ConllEncodeOptions): EncodedTokens[] {
  const t = specialTemplate(tokenizer);
  const space = opts.spaceBeforeWords ?? 'all';
  const budget = opts.maxLength - t.prefix.length - t.suffix.length;
  return sentences.map((s) => {
    const ids: number[] = [];
    const label: number[] = [];
    const wordIndex: number[] = [];
    for (let w = 0; w < s.tokens.length; w++) {
      const prefix = space === 'all' || (space === 'notFirst' && w > 0) ? ' ' : '';
      let pieces = contentIds(tokenizer, prefix + s.tokens[w]);
      if (pieces.length === 0) pieces = tokenizer.special.unk !== undefined ? [tokenizer.special.unk] : [];
      if (ids.length + pieces.length > budget) break;
      pieces.forEach((id, k) => {
        ids.push(id);
        label.push(k === 0 ? s.nerIds[w] : -100);
        wordIndex.push(w);
      });
    }
    const inputIds = [...t.prefix, ...ids, ...t.suffix];
    return {
      inputIds,
      typeIds: [...t.prefixTypes, ...ids.map(() => t.typeA), ...t.suffixTypes],
      label: [...t.prefix.map(() => -100), ...label, ...t.suffix.map(() => -100)],
      wordIndex: [...t.prefix.map(() => -1), ...wordIndex, ...t.suffix.map(() => -1)],
      numWords: s.tokens.length,
      idx: s.idx,
    };
  });
}

/**
 * Map per-position predictions back to words: each word takes the prediction at its first sub-token;
 * words cut by truncation get `fill` (default 0 = 'O').
 */
export function predictionsToWords(predictions: readonly number[], enc: EncodedTokens, fill = 0): number[] {
  const out = new Array<number>(enc.numWords).fill(fill);
  const seen = new Set<number>();
  enc.wordIndex.forEach((w, pos) => {
    if (w >= 0 && !seen.has(w)) {
      seen.add(w);
      out[w] = predictions[pos];
    }
  });
  return out;
}
