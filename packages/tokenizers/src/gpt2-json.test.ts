import { describe, expect, test } from 'vitest';
import { gpt2TokenizerJson } from './gpt2-json.ts';
import { wrapTokenizer } from './wrap.ts';

const SENTENCE = 'Hello world, the quick brown fox.';
const UNICODE = 'héllo wörld 日本語 🤗 — naïve  double  spaces\n\ttabs, "quotes" and émoji 👩‍👩‍👧';

describe('gpt2 flavour', () => {
  const tok = wrapTokenizer(gpt2TokenizerJson({ flavour: 'gpt2' }), {}, 'gpt2 tokenizer.json');

  test('encodes to the true GPT-2 ids', () => {
    expect(tok.encode(SENTENCE).ids).toEqual([15496, 995, 11, 262, 2068, 7586, 21831, 13]);
    expect(tok.encode(SENTENCE).typeIds).toEqual([0, 0, 0, 0, 0, 0, 0, 0]);
  });

  test('decode round-trips Unicode text byte for byte', () => {
    const ids = tok.encode(UNICODE).ids;
    expect(ids.length).toBeGreaterThan(20);
    expect(tok.decode(ids)).toBe(UNICODE);
    expect(tok.decode([])).toBe('');
  });

  test('vocabulary, special tokens, lookups', () => {
    expect(tok.vocabSize).toBe(50257);
    expect(tok.special).toEqual({ bos: 50256, eos: 50256, unk: 50256 });
    expect(tok.tokenToId('Ġthe')).toBe(262);
    expect(tok.idToToken(262)).toBe('Ġthe');
    expect(tok.tokenToId('not-a-token-xyz')).toBeUndefined();
    expect(tok.encode('a<|endoftext|>b').ids).toEqual([64, 50256, 65]);
    expect(tok.decode([64, 50256, 65], { skipSpecialTokens: true })).toBe('ab');
    expect(() => tok.decode([50257])).toThrow(/id 50257 at position 0 is outside the vocabulary \[0, 50257\)/);
  });

  test('a pair is the two encodings concatenated, type ids 0 then 1 (the library drops it otherwise)', () => {
    expect(tok.encode('Hello', ' world')).toEqual({ ids: [15496, 995], typeIds: [0, 1] });
  });
});

describe('roberta flavour', () => {
  const json = gpt2TokenizerJson({ flavour: 'roberta' });
  const tok = wrapTokenizer(json, {}, 'roberta tokenizer.json');

  test('specials at roberta-base ids, ordinary tokens at GPT-2 id + 4, vocab size 50265', () => {
    expect(tok.special).toEqual({ bos: 0, pad: 1, eos: 2, unk: 3, cls: 0, sep: 2, mask: 50264 });
    expect(tok.vocabSize).toBe(50265);
    expect(tok.encode(SENTENCE).ids).toEqual([0, 15500, 999, 15, 266, 2072, 7590, 21835, 17, 2]);
    expect(tok.idToToken(50261)).toBe('madeupword0000');
  });

  test('pairs are <s> a </s></s> b </s> with all-zero type ids', () => {
    expect(tok.encode('Hello', ' world')).toEqual({ ids: [0, 15500, 2, 2, 999, 2], typeIds: [0, 0, 0, 0, 0, 0] });
    expect(tok.encode('Hello', ' world', { addSpecialTokens: false }).ids).toEqual([15500, 999]);
  });

  test('<mask> absorbs the space before it (lstrip), as in roberta-base', () => {
    expect(tok.encode('a <mask> b').ids).toEqual([0, 68, 50264, 279, 2]);
  });

  test('decode round-trips Unicode and can drop specials', () => {
    const ids = tok.encode(UNICODE).ids;
    expect(tok.decode(ids, { skipSpecialTokens: true })).toBe(UNICODE);
    expect(tok.decode(ids)).toBe(`<s>${UNICODE}</s>`);
  });
});
