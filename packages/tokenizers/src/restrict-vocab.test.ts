import { describe, expect, test } from 'vitest';
import { InputError } from '@peftbench/util';
import { gpt2TokenizerJson } from './gpt2-json.ts';
import { wrapTokenizer } from './wrap.ts';
import { byteSymbols } from './byte-alphabet.ts';
import { restrictBpeVocab } from './restrict-vocab.ts';

const CORPUS = ['the movie was great', 'the acting was terrible', 'a quick brown fox jumps over the lazy dog'];

describe('restricted GPT-2 vocabulary', () => {
  const full = wrapTokenizer(gpt2TokenizerJson({ flavour: 'gpt2' }), {}, 'gpt2');
  const keepIds = [...new Set(CORPUS.flatMap((s) => full.encode(s).ids))];
  const restricted = gpt2TokenizerJson({ flavour: 'gpt2', keepIds });
  const tok = wrapTokenizer(restricted.tokenizerJson, {}, 'restricted');
  const vocab = restricted.tokenizerJson.model.vocab as Record<string, number>;
  const merges = restricted.tokenizerJson.model.merges as string[];

  test('text made of kept tokens encodes exactly as with the full vocabulary (ids remapped)', () => {
    for (const s of CORPUS) {
      expect(tok.encode(s).ids).toEqual(full.encode(s).ids.map((id) => restricted.oldToNew.get(id)));
      expect(tok.encode(s).ids.map((id) => restricted.newToOld[id])).toEqual(full.encode(s).ids);
    }
  });

  test('the vocabulary is small, numbered 0..n-1 in the original order, and keeps all 256 bytes and <|endoftext|>', () => {
    const n = restricted.newToOld.length;
    expect(n).toBeLessThan(400);
    expect(n).toBeGreaterThanOrEqual(256 + 1 + keepIds.length - 1); // ' the' etc. may be ancestors of others
    expect(Object.values(vocab).sort((a, b) => a - b)).toEqual([...Array(n).keys()]);
    expect(restricted.newToOld).toEqual([...restricted.newToOld].sort((a, b) => a - b));
    for (const s of byteSymbols()) expect(vocab[s]).toBeDefined();
    expect(tok.special.eos).toBe(n - 1); // <|endoftext|> had the largest id
    expect(tok.vocabSize).toBe(n);
  });

  test('merges are consistent: every merge has its parts and its result in the vocabulary, and every kept token can be formed', () => {
    const results = new Set<string>();
    for (const m of merges) {
      const [a, b] = m.split(' ');
      expect(vocab[a]).toBeDefined();
      expect(vocab[b]).toBeDefined();
      expect(vocab[a + b]).toBeDefined();
      results.add(a + b);
    }
    const bytes = new Set(byteSymbols());
    for (const token of Object.keys(vocab)) if (!bytes.has(token) && token !== '<|endoftext|>') expect(results.has(token)).toBe(true);
    expect(merges.length).toBe(Object.keys(vocab).length - 257);
  });

  test('words outside the kept set fall back to smaller pieces and still round-trip', () => {
    const text = 'Zebras eat quinoa — ünïcödé 🤗';
    const ids = tok.encode(text).ids;
    expect(ids.length).toBeGreaterThan(full.encode(text).ids.length);
    expect(Math.max(...ids)).toBeLessThan(tok.vocabSize);
    expect(tok.decode(ids)).toBe(text);
  });

  test('keeping one long token keeps its merge ancestors', () => {
    const fox = 21831; // 'Ġfox'
    const r = gpt2TokenizerJson({ flavour: 'gpt2', keepIds: [fox] });
    const t = wrapTokenizer(r.tokenizerJson, {}, 'fox-only');
    expect(t.encode(' fox').ids).toEqual([r.oldToNew.get(fox)]);
    expect(r.newToOld.length).toBeGreaterThan(258); // bytes + <|endoftext|> + 'Ġfox' + at least one ancestor
  });

  test('bad keepIds are an InputError naming the index', () => {
    expect(() => gpt2TokenizerJson({ flavour: 'gpt2', keepIds: [5, 60000] })).toThrow(InputError);
    expect(() => gpt2TokenizerJson({ flavour: 'gpt2', keepIds: [5, 60000] })).toThrow('keepIds[1]: id 60000 is not in the vocabulary');
  });
});

describe('restricted RoBERTa vocabulary', () => {
  test('specials keep their relative order and the post-processor uses the new ids', () => {
    const fullTok = wrapTokenizer(gpt2TokenizerJson({ flavour: 'roberta' }), {}, 'roberta');
    const keepIds = fullTok.encode('the movie was great').ids;
    const r = gpt2TokenizerJson({ flavour: 'roberta', keepIds });
    const tok = wrapTokenizer(r.tokenizerJson, {}, 'roberta-restricted');
    const n = r.newToOld.length;
    expect(tok.special).toEqual({ bos: 0, pad: 1, eos: 2, unk: 3, cls: 0, sep: 2, mask: n - 1 });
    expect(r.tokenizerJson.post_processor).toMatchObject({ cls: ['<s>', 0], sep: ['</s>', 2] });
    expect(tok.encode('the movie was great').ids).toEqual(keepIds.map((id) => r.oldToNew.get(id)));
    expect(tok.encode('great <mask>').ids.at(-2)).toBe(n - 1);
  });
});

describe('restrictBpeVocab on the newer tokenizer.json merge format ([left, right] pairs)', () => {
  test('keeps the format and gives the same tokenizer', () => {
    const json = gpt2TokenizerJson({ flavour: 'gpt2' });
    const asPairs = { ...json, model: { ...json.model, merges: (json.model.merges as string[]).map((m) => m.split(' ')) } };
    const keepIds = [15496, 995, 11];
    const a = restrictBpeVocab(asPairs, keepIds);
    const b = restrictBpeVocab(json, keepIds);
    expect((a.tokenizerJson.model.merges as string[][]).every((m) => Array.isArray(m) && m.length === 2)).toBe(true);
    expect((a.tokenizerJson.model.merges as string[][]).map((m) => m.join(' '))).toEqual(b.tokenizerJson.model.merges);
    const tok = wrapTokenizer(a.tokenizerJson, {}, 'pairs');
    expect(tok.encode('Hello world,').ids).toEqual(keepIds.map((id) => a.oldToNew.get(id)));
  });
});
