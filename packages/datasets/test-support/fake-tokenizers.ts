import type { EncodingTokenizer } from '../src/common/tokenizer.ts';

/**
 * A BERT-shaped fake: one id per character (id = code point + 10), [CLS]=1 A [SEP]=2 B [SEP]=2, token
 * types 0 for the first segment and 1 for the second. Lets tests predict exact ids and lengths.
 */
export class CharBertTokenizer implements EncodingTokenizer {
  special = { pad: 0, cls: 1, sep: 2, unk: 3 };
  encode(text: string, pair?: string) {
    const a = [...text].map((c) => c.codePointAt(0)! + 10);
    const ids = [1, ...a, 2];
    const typeIds = ids.map(() => 0);
    if (pair !== undefined) {
      const b = [...pair].map((c) => c.codePointAt(0)! + 10);
      ids.push(...b, 2);
      typeIds.push(...b.map(() => 1), 1);
    }
    return { ids, typeIds };
  }
  decode(ids: number[]) {
    return ids.map((i) => (i === 1 ? '[CLS]' : i === 2 ? '[SEP]' : i === 0 ? '' : String.fromCodePoint(i - 10))).join('');
  }
}

/** A GPT-2-shaped fake: no special tokens at all, one id per character; eos = 5. */
export class CharGptTokenizer implements EncodingTokenizer {
  special = { eos: 5, pad: 5 };
  encode(text: string, pair?: string) {
    const ids = [...(text + (pair ?? ''))].map((c) => c.codePointAt(0)! + 10);
    return { ids, typeIds: ids.map(() => 0) };
  }
  decode(ids: number[]) {
    return ids.map((i) => (i === 5 ? '<|endoftext|>' : String.fromCodePoint(i - 10))).join('');
  }
}
