import type { EncodingTokenizer } from './tokenizer.ts';

/**
 * A small word-level tokenizer with a RoBERTa-shaped template (<s> A </s></s> B </s>), built from a
 * word list. For tests and for `data inspect` when no subword tokenizer is available; real runs use the
 * model's tokenizer from @peftbench/tokenizers. Lower-cases and splits punctuation off.
 */
export class WordTokenizer implements EncodingTokenizer {
  static readonly SPECIALS = ['<pad>', '<s>', '</s>', '<unk>', '<mask>'];
  readonly vocab: string[];
  private readonly index: Map<string, number>;
  readonly special = { pad: 0, bos: 1, cls: 1, eos: 2, sep: 2, unk: 3, mask: 4 };

  constructor(words: Iterable<string>) {
    this.vocab = [...WordTokenizer.SPECIALS];
    this.index = new Map(this.vocab.map((w, i) => [w, i] as [string, number]));
    // Punctuation is always known, so texts of unseen words still tokenize to distinct ids around it.
    for (const w of ['.', ',', ...words]) this.add(w);
  }

  /** Build the vocabulary from texts (every word they hold). */
  static fromTexts(texts: Iterable<string>): WordTokenizer {
    const words: string[] = [];
    for (const t of texts) words.push(...WordTokenizer.split(t));
    return new WordTokenizer(words);
  }

  static split(text: string): string[] {
    return text.toLowerCase().match(/[\p{L}\p{N}]+|[^\s\p{L}\p{N}]/gu) ?? [];
  }

  private add(w: string): void {
    if (!this.index.has(w)) {
      this.index.set(w, this.vocab.length);
      this.vocab.push(w);
    }
  }

  private words(text: string): number[] {
    return WordTokenizer.split(text).map((w) => this.index.get(w) ?? this.special.unk);
  }

  encode(text: string, pair?: string): { ids: number[]; typeIds: number[] } {
    const { bos, eos } = this.special;
    const ids = [bos, ...this.words(text), eos];
    if (pair !== undefined) ids.push(eos, ...this.words(pair), eos);
    return { ids, typeIds: ids.map(() => 0) };
  }

  decode(ids: number[]): string {
    return ids.map((i) => this.vocab[i] ?? '<unk>').join(' ');
  }
}
