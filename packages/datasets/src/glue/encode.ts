import type { EncodedExample } from '../common/batch.ts';
import { contentIds, longestFirst, specialTemplate, type EncodingTokenizer } from '../common/tokenizer.ts';
import type { GlueExample } from './types.ts';

export interface GlueEncodeOptions {
  /** Longest sequence including special tokens (RED: 256; ID3: 256). */
  maxLength: number;
}

export interface EncodedGlueExample extends EncodedExample {
  label: number;
  /** True when tokens were dropped to fit maxLength. */
  truncated: boolean;
}

/**
 * Tokenize single sentences or pairs with the model's tokenizer and its special-token template
 * (<s> A </s></s> B </s> for RoBERTa, [CLS] A [SEP] B [SEP] for BERT), truncating the longer segment
 * first, one token at a time (HF's default 'longest_first') so the whole sequence fits maxLength.
 */
export function glueEncode(examples: readonly GlueExample[], tokenizer: EncodingTokenizer, opts: GlueEncodeOptions): EncodedGlueExample[] {
  const t = specialTemplate(tokenizer);
  return examples.map((ex) => {
    const a = contentIds(tokenizer, ex.text);
    if (ex.textPair === undefined) {
      const budget = opts.maxLength - t.prefix.length - t.suffix.length;
      if (budget < 1) throw new Error(`glueEncode: maxLength ${opts.maxLength} leaves no room for text`);
      const keep = a.slice(0, budget);
      return {
        inputIds: [...t.prefix, ...keep, ...t.suffix],
        typeIds: [...t.prefixTypes, ...keep.map(() => t.typeA), ...t.suffixTypes],
        label: ex.label,
        idx: ex.idx,
        truncated: keep.length < a.length,
      };
    }
    const b = contentIds(tokenizer, ex.textPair);
    const budget = opts.maxLength - t.pairPrefix.length - t.mid.length - t.pairSuffix.length;
    if (budget < 2) throw new Error(`glueEncode: maxLength ${opts.maxLength} leaves no room for a pair`);
    const [la, lb] = longestFirst(a.length, b.length, budget);
    const ka = a.slice(0, la);
    const kb = b.slice(0, lb);
    return {
      inputIds: [...t.pairPrefix, ...ka, ...t.mid, ...kb, ...t.pairSuffix],
      typeIds: [...t.pairPrefixTypes, ...ka.map(() => t.typeA), ...t.midTypes, ...kb.map(() => t.typeB), ...t.pairSuffixTypes],
      label: ex.label,
      idx: ex.idx,
      truncated: la < a.length || lb < b.length,
    };
  });
}
