/**
 * SentencePiece reader and Unigram tokenizer on small models built here with a protobuf writer (no
 * ../shared needed): Viterbi choices, unknown runs, whitespace rules, special tokens, and bad files.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { BinaryWriter, WireType } from '@bufbuild/protobuf/wire';
import { InputError, hasShared, sharedDir } from '@peftbench/util';
import { PieceType, parseSpmModel, readSpmModel } from './spm-model.ts';
import { loadSpmTokenizer, spmTokenizer } from './spm-tokenizer.ts';
import { loadTokenizer } from './load.ts';

type P = [string, number, number?];
/** A ModelProto: pieces, trainer_spec (model_type), normalizer_spec without a charsmap (identity map). */
function modelBytes(pieces: P[], opts: { modelType?: number; unkId?: number } = {}): Uint8Array {
  const w = new BinaryWriter();
  for (const [piece, score, type] of pieces) {
    w.tag(1, WireType.LengthDelimited).fork().tag(1, WireType.LengthDelimited).string(piece).tag(2, WireType.Bit32).float(score);
    if (type !== undefined) w.tag(3, WireType.Varint).int32(type);
    w.join();
  }
  w.tag(2, WireType.LengthDelimited).fork().tag(3, WireType.Varint).int32(opts.modelType ?? 1).tag(40, WireType.Varint).int32(opts.unkId ?? 0).join();
  w.tag(3, WireType.LengthDelimited).fork().tag(1, WireType.LengthDelimited).string('identity').join();
  return w.finish();
}

const PIECES: P[] = [
  ['<unk>', 0, PieceType.UNKNOWN],
  ['<pad>', 0, PieceType.CONTROL],
  ['</s>', 0, PieceType.CONTROL],
  ['\u2581', -2],
  ['a', -3],
  ['b', -3],
  ['\u2581ab', -4], // beats ▁ + a + b (-8)
  ['ab', -5.5], // loses to a + b (-6)? no: -5.5 > -6, so 'ab' wins inside words
  ['c', -4],
  ['\u2581c', -9], // loses to ▁ + c (-6)
];

function tokenizer(pieces = PIECES, config: Record<string, unknown> = { tokenizer_class: 'T5Tokenizer', extra_ids: 2 }) {
  return spmTokenizer(parseSpmModel(modelBytes(pieces), 'test.model'), config, 'test.model');
}

describe('Unigram segmentation (synthetic model)', () => {
  test('Viterbi maximises the summed score; ▁ marks word starts', () => {
    const t = tokenizer();
    expect(t.tokenize('ab')).toEqual(['\u2581ab']);
    expect(t.tokenize('cab')).toEqual(['\u2581', 'c', 'ab']);
    expect(t.tokenize('c ab')).toEqual(['\u2581', 'c', '\u2581ab']);
    expect(t.encode('c ab').ids).toEqual([3, 8, 6, 2]); // + </s>
  });

  test('a run of unknown characters is one unknown token carrying its text; whitespace is collapsed', () => {
    const t = tokenizer();
    expect(t.tokenize('  a  xyz   b ')).toEqual(['\u2581', 'a', '\u2581', 'xyz', '\u2581', 'b']);
    expect(t.encode('xyz', undefined, { addSpecialTokens: false }).ids).toEqual([3, 0]);
    expect(t.tokenize('   ')).toEqual([]);
    expect(t.encode('').ids).toEqual([2]);
  });

  test('special tokens in the text are split out first; sentinels eat surrounding spaces; decode', () => {
    const t = tokenizer();
    expect(t.tokenToId('<extra_id_0>')).toBe(11);
    expect(t.tokenToId('<extra_id_1>')).toBe(10);
    expect(t.tokenize('ab <extra_id_0> c')).toEqual(['\u2581ab', '<extra_id_0>', '\u2581', 'c']); // ▁c (-9) loses to ▁ + c (-6)
    const ids = t.encode('ab <extra_id_0> c</s>').ids;
    expect(ids).toEqual([6, 11, 3, 8, 2]); // eos already there: not added twice
    expect(t.decode(ids, { skipSpecialTokens: true })).toBe('ab c');
    expect(t.decode(ids)).toBe('ab <extra_id_0> c</s>');
    expect(() => t.decode([12])).toThrow(RangeError);
  });

  test('DeBERTa layout: [CLS] A [SEP] B [SEP] with type ids, [MASK] appended after the pieces', () => {
    const pieces: P[] = [['[PAD]', 0, PieceType.CONTROL], ['[CLS]', 0, PieceType.CONTROL], ['[SEP]', 0, PieceType.CONTROL], ['[UNK]', 0, PieceType.UNKNOWN], ...PIECES.slice(3)];
    const t = spmTokenizer(parseSpmModel(modelBytes(pieces, { unkId: 3 }), 'spm.model'), {}, 'spm.model');
    expect(t.flavour).toBe('deberta-v2');
    // pieces: [PAD] [CLS] [SEP] [UNK] ▁ a b ▁ab ab c ▁c (11): [MASK] becomes 11
    expect(t.special).toEqual({ pad: 0, bos: 1, cls: 1, eos: 2, sep: 2, unk: 3, mask: 11 });
    expect(t.vocabSize).toBe(12);
    expect(t.encode('ab', 'c [MASK]')).toEqual({ ids: [1, 7, 2, 4, 9, 11, 2], typeIds: [0, 0, 0, 1, 1, 1, 1] });
    expect(t.decode([1, 7, 2, 4, 9, 11, 2], { skipSpecialTokens: true })).toBe('ab c');
    expect(t.decode([1, 7, 2, 4, 9, 11, 2])).toBe('[CLS] ab[SEP] c[MASK][SEP]'); // HF: each special token after a sentencepiece-decoded run (its leading space dropped)
  });
});

describe('bad SentencePiece files are InputErrors naming the file and the field', () => {
  const dir = mkdtempSync(join(tmpdir(), 'spm-bad-'));
  const write = (name: string, bytes: Uint8Array | string) => {
    const p = join(dir, name);
    writeFileSync(p, bytes);
    return p;
  };
  const errorOf = (fn: () => unknown): InputError => {
    try {
      fn();
    } catch (err) {
      expect(err).toBeInstanceOf(InputError);
      return err as InputError;
    }
    throw new Error('expected an error');
  };

  test('not a protobuf (JSON text, random bytes, empty)', () => {
    const json = write('json.model', '{"model": {"type": "Unigram"}}');
    expect(errorOf(() => readSpmModel(json)).message).toMatch(new RegExp(`^${json.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} \\[`));
    expect(errorOf(() => readSpmModel(json)).message).toMatch(/not a SentencePiece/);
    const random = write('random.model', Uint8Array.from({ length: 64 }, (_, i) => (i * 97 + 13) & 0xff));
    expect(errorOf(() => readSpmModel(random)).message).toContain(random);
    expect(errorOf(() => readSpmModel(write('empty.model', new Uint8Array(0)))).message).toMatch(/\[pieces\]: empty file/);
    expect(errorOf(() => readSpmModel(join(dir, 'absent.model'))).message).toMatch(/cannot read/);
  });

  test('truncated: the field being read is named', () => {
    const full = modelBytes(PIECES);
    const cut = write('cut.model', full.subarray(0, 30));
    expect(errorOf(() => readSpmModel(cut)).message).toMatch(/cut\.model \[pieces\[\d+\](\.\w+)?\]: truncated/);
    const lastByte = write('cut2.model', full.subarray(0, full.length - 1));
    expect(errorOf(() => readSpmModel(lastByte)).message).toMatch(/cut2\.model \[normalizer_spec(\.name)?\]: truncated/);
  });

  test.skipIf(!hasShared('fixtures/tokenizers/spm/spm-unigram/spm.model'))('a real model file cut short (needs ../shared)', () => {
    const real = join(sharedDir, 'fixtures/tokenizers/spm/spm-unigram/spm.model');
    const bytes = readFileSync(real);
    const cut = write('real-cut.model', bytes.subarray(0, Math.floor(bytes.length / 3)));
    expect(errorOf(() => readSpmModel(cut)).message).toMatch(/real-cut\.model \[(pieces\[\d+\]|trainer_spec|normalizer_spec)[^\]]*\]: truncated/);
  });

  test('unsupported content: BPE model type, no UNKNOWN piece, unknown tokenizer_class', () => {
    const bpeDir = mkdtempSync(join(tmpdir(), 'spm-bpe-'));
    writeFileSync(join(bpeDir, 'spiece.model'), modelBytes(PIECES, { modelType: 2 }));
    expect(errorOf(() => loadSpmTokenizer(bpeDir)).message).toMatch(/spiece\.model \[trainer_spec\.model_type\]: 2 \(only Unigram/);
    expect(errorOf(() => loadSpmTokenizer(write('other.model', modelBytes(PIECES)))).message).toMatch(/other\.model: cannot tell DeBERTa-v2 from T5/);
    const noUnk = write('nounk.model', modelBytes(PIECES.slice(1)));
    expect(errorOf(() => readSpmModel(noUnk)).message).toMatch(/nounk\.model \[pieces\]: expected exactly one UNKNOWN piece/);
    const m = parseSpmModel(modelBytes(PIECES), 'x.model');
    expect(errorOf(() => spmTokenizer(m, { tokenizer_class: 'AlbertTokenizer' }, 'x.model', 'tc.json')).message).toBe("tc.json [tokenizer_class]: 'AlbertTokenizer' has no SentencePiece tokenizer here (supported: DebertaV2Tokenizer, T5Tokenizer)");
  });

  test('loadTokenizer: a folder with spiece.model and no tokenizer.json', async () => {
    const d = mkdtempSync(join(tmpdir(), 'spm-dir-'));
    writeFileSync(join(d, 'spiece.model'), modelBytes(PIECES));
    const t = await loadTokenizer(d);
    expect(t.encode('ab c').ids).toEqual([6, 3, 8, 2]); // T5 layout: A </s>
    expect(t.special.eos).toBe(2);
  });
});
