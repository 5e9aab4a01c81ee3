import { describe, expect, test } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hasShared, sharedDir } from '@peftbench/util';
import { bertWordPieceTokenizerJson } from './bert-wordpiece.ts';
import { wrapTokenizer } from './wrap.ts';

const vocabTxt = join(sharedDir, 'data', 'tokenizers', 'bert-base-uncased', 'vocab.txt');
const have = hasShared('data/tokenizers/bert-base-uncased/vocab.txt');
if (!have) console.log(`skipping bert-base-uncased tests: ${vocabTxt} is absent`);

describe.skipIf(!have)('bert-base-uncased WordPiece', () => {
  // a skipped describe's body still runs while vitest collects: build only when the file exists
  const tok = have ? wrapTokenizer(bertWordPieceTokenizerJson(vocabTxt), {}, vocabTxt) : (undefined as never);

  test('single sentences: lowercased WordPiece ids with [CLS] … [SEP]', () => {
    expect(tok.encode('Hello, world!').ids).toEqual([101, 7592, 1010, 2088, 999, 102]);
    expect(tok.encode('unaffable Café', undefined, { addSpecialTokens: false }).ids).toEqual([14477, 20961, 3468, 7668]);
  });

  test('pairs: [CLS] a [SEP] b [SEP] with type ids 0 then 1', () => {
    expect(tok.encode('the quick brown fox', 'jumps')).toEqual({
      ids: [101, 1996, 4248, 2829, 4419, 102, 14523, 102],
      typeIds: [0, 0, 0, 0, 0, 0, 1, 1],
    });
  });

  test('specials, vocabulary size, decode', () => {
    expect(tok.special).toEqual({ pad: 0, unk: 100, cls: 101, sep: 102, mask: 103 });
    expect(tok.vocabSize).toBe(30522);
    expect(tok.decode(tok.encode('Hello, world! unaffable').ids, { skipSpecialTokens: true })).toBe('hello, world! unaffable');
    expect(tok.encode('[MASK] fox').ids).toEqual([101, 103, 4419, 102]);
  });
});

describe('vocab.txt errors', () => {
  test('duplicate tokens and missing specials name the file and line', () => {
    const d = mkdtempSync(join(tmpdir(), 'wp-'));
    const p = join(d, 'vocab.txt');
    writeFileSync(p, '[PAD]\n[UNK]\n[CLS]\n[SEP]\n[MASK]\nhello\nhello\n');
    expect(() => bertWordPieceTokenizerJson(p)).toThrow(`${p}:7: duplicate token "hello" (first on line 6)`);
    writeFileSync(p, '[PAD]\n[UNK]\nhello\n');
    expect(() => bertWordPieceTokenizerJson(p)).toThrow(`${p}: vocabulary lacks the special token [CLS]`);
  });
});
