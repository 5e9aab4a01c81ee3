import { describe, expect, test } from 'vitest';
import { Rng } from '@peftbench/util';
import { CharBertTokenizer } from '../../test-support/fake-tokenizers.ts';
import { batches } from '../common/batch.ts';
import { WordTokenizer } from '../common/word-tokenizer.ts';
import { glueEncode } from './encode.ts';

const bert = new CharBertTokenizer();
const ch = (s: string) => [...s].map((c) => c.codePointAt(0)! + 10);

describe('glueEncode', () => {
  test('single sentence: the tokenizer template, types 0, no truncation under maxLength', () => {
    const [e] = glueEncode([{ text: 'abc', label: 1, idx: 7 }], bert, { maxLength: 10 });
    expect(e.inputIds).toEqual([1, ...ch('abc'), 2]);
    expect(e.typeIds).toEqual([0, 0, 0, 0, 0]);
    expect(e).toMatchObject({ label: 1, idx: 7, truncated: false });
  });

  test('pair: [CLS] A [SEP] B [SEP] with token types 0/1 exactly as the tokenizer gives them', () => {
    const [e] = glueEncode([{ text: 'ab', textPair: 'xyz', label: 0, idx: 0 }], bert, { maxLength: 64 });
    expect(e.inputIds).toEqual(bert.encode('ab', 'xyz').ids);
    expect(e.typeIds).toEqual([0, 0, 0, 0, 1, 1, 1, 1]);
  });

  test('longest-first truncation: the longer segment loses tokens from its end first', () => {
    // content budget = 9 - 3 specials = 6; A has 8, B has 3 -> A shrinks to 3, then alternate: 3 + 3.
    const [e] = glueEncode([{ text: 'abcdefgh', textPair: 'xyz', label: 0, idx: 0 }], bert, { maxLength: 9 });
    expect(e.inputIds).toEqual([1, ...ch('abc'), 2, ...ch('xyz'), 2]);
    expect(e.inputIds).toHaveLength(9);
    expect(e.truncated).toBe(true);
    const [s] = glueEncode([{ text: 'abcdefgh', label: 0, idx: 0 }], bert, { maxLength: 5 });
    expect(s.inputIds).toEqual([1, ...ch('abc'), 2]);
  });

  test('RoBERTa-shaped template <s> A </s></s> B </s> learned by probing', () => {
    const tok = new WordTokenizer(['good', 'film', 'bad']);
    const [e] = glueEncode([{ text: 'good film', textPair: 'bad', label: 1, idx: 0 }], tok, { maxLength: 32 });
    expect(tok.decode(e.inputIds)).toBe('<s> good film </s> </s> bad </s>');
    const [t] = glueEncode([{ text: 'good film good film', textPair: 'bad', label: 1, idx: 0 }], tok, { maxLength: 6 });
    expect(tok.decode(t.inputIds)).toBe('<s> good </s> </s> bad </s>');
  });
});

describe('batches: dynamic padding', () => {
  const enc = glueEncode(
    [
      { text: 'a', label: 0, idx: 0 },
      { text: 'abcd', textPair: 'x', label: 1, idx: 1 },
      { text: 'ab', label: 1, idx: 2 },
    ],
    bert,
    { maxLength: 32 },
  );

  test('each batch padded to its own longest row; mask and types padded with 0', () => {
    const [b1, b2] = [...batches(enc, { batchSize: 2, padId: 0 })];
    expect(b1.inputIds).toEqual([[1, ...ch('a'), 2, 0, 0, 0, 0, 0], [1, ...ch('abcd'), 2, ...ch('x'), 2]]);
    expect(b1.inputIds[1]).toHaveLength(8);
    expect(b1.inputIds[0]).toHaveLength(8);
    expect(b1.attentionMask[0]).toEqual([1, 1, 1, 0, 0, 0, 0, 0]);
    expect(b1.tokenTypeIds[1]).toEqual([0, 0, 0, 0, 0, 0, 1, 1]);
    expect(b1.labels).toEqual([0, 1]);
    expect(b2.inputIds).toEqual([[1, ...ch('ab'), 2]]); // last batch: width 4, not 8
  });

  test('left padding, dropLast, and seeded shuffling', () => {
    const [b] = [...batches(enc, { batchSize: 2, padId: 9, padSide: 'left', dropLast: true })];
    expect(b.inputIds[0].slice(0, 5)).toEqual([9, 9, 9, 9, 9]);
    expect([...batches(enc, { batchSize: 2, padId: 0, dropLast: true })]).toHaveLength(1);
    const order = (seed: number) => [...batches(enc, { batchSize: 1, padId: 0, shuffle: true, rng: new Rng(seed) })].map((x) => x.idx[0]);
    expect(order(3)).toEqual(order(3));
    expect([...order(3)].sort()).toEqual([0, 1, 2]);
    const seen = new Set(Array.from({ length: 10 }, (_, s) => order(s).join()));
    expect(seen.size).toBeGreaterThan(1);
    expect(() => [...batches(enc, { batchSize: 2, padId: 0, shuffle: true })]).toThrow(/rng/);
  });
});
