/** Ids of the special tokens a model needs; a field is absent when the tokenizer has no such token. */
export interface SpecialIds {
  pad?: number;
  bos?: number;
  eos?: number;
  cls?: number;
  sep?: number;
  mask?: number;
  unk?: number;
}

export interface EncodeOptions {
  /** Add the post-processor's special tokens ([CLS] … [SEP], <s> … </s>). Default true. */
  addSpecialTokens?: boolean;
}

export interface DecodeOptions {
  skipSpecialTokens?: boolean;
}

/** The tokenizer surface the rest of peftbench uses, whatever the tokenizer.json inside. */
export interface TextTokenizer {
  /** `pair` gives the second segment of a sentence pair (type ids 1 for BERT, all 0 for RoBERTa). */
  encode(text: string, pair?: string, opts?: EncodeOptions): { ids: number[]; typeIds: number[] };
  decode(ids: number[], opts?: DecodeOptions): string;
  tokenToId(token: string): number | undefined;
  idToToken(id: number): string | undefined;
  /** Largest id + 1: the number of rows an embedding matrix for this tokenizer needs. */
  vocabSize: number;
  special: SpecialIds;
}
