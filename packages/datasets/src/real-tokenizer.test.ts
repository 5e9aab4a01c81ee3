import { describe, expect, test } from 'vitest';
import { gpt2TokenizerJson, tokenizerFromJson, type TextTokenizer } from '@peftbench/tokenizers';
import { glueEncode } from './glue/encode.ts';
import { e2eEncode } from './e2e/encode.ts';
import { conllEncode } from './conll/encode.ts';
import { mathEncodeTrain } from './math/encode.ts';
import { specialTemplate, type EncodingTokenizer } from './common/tokenizer.ts';

// The real TextTokenizer must fit this package's structural interface (a compile-time check).
const fits = (t: TextTokenizer): EncodingTokenizer => t;

describe('with the real GPT-2 byte-level BPE (@peftbench/tokenizers)', () => {
  const roberta = fits(tokenizerFromJson(gpt2TokenizerJson({ flavour: 'roberta' }), {}, 'roberta'));
  const gpt2 = fits(tokenizerFromJson(gpt2TokenizerJson({ flavour: 'gpt2' }), {}, 'gpt2'));

  test('probed templates: RoBERTa <s> A </s></s> B </s>; GPT-2 none', () => {
    const r = specialTemplate(roberta);
    expect([r.prefix, r.suffix, r.pairPrefix, r.mid, r.pairSuffix]).toEqual([[0], [2], [0], [2, 2], [2]]);
    const g = specialTemplate(gpt2);
    expect([g.prefix, g.suffix, g.mid]).toEqual([[], [], []]);
  });

  test('GLUE pair encoding equals the tokenizer own pair encoding; truncation keeps the template', () => {
    const ex = { text: 'Hello world, the quick brown fox.', textPair: 'A lazy dog sleeps.', label: 1, idx: 0 };
    const [e] = glueEncode([ex], roberta, { maxLength: 128 });
    expect(e.inputIds).toEqual(roberta.encode(ex.text, ex.textPair).ids);
    // GPT-2 ids of "Hello world, the quick brown fox." are 15496 995 11 262 2068 7586 21831 13; roberta flavour = +4.
    expect(e.inputIds.slice(1, 9)).toEqual([15496, 995, 11, 262, 2068, 7586, 21831, 13].map((i) => i + 4));
    const [t] = glueEncode([ex], roberta, { maxLength: 10 });
    expect(t.inputIds).toHaveLength(10);
    // content budget 6: A (8 tokens) and B (5) shrink, longer first, to 3 + 3.
    expect(roberta.decode(t.inputIds)).toBe('<s>Hello world,</s></s>A lazy dog</s>');
  });

  test('E2E causal layout with <|endoftext|> as EOS, decodes back to the text', () => {
    const [e] = e2eEncode([{ mr: 'name[The Eagle], eatType[pub]', ref: 'The Eagle is a pub.', idx: 0 }], gpt2, { mrFormat: 'table' });
    expect(gpt2.decode(e.inputIds)).toBe('name : The Eagle | eatType : pub<|endoftext|> The Eagle is a pub.<|endoftext|>');
    expect(gpt2.decode(e.label.filter((l) => l >= 0))).toBe(' The Eagle is a pub.<|endoftext|>');
  });

  test('NER: first sub-token labels; " Kvitfjell" splits into several BPE pieces', () => {
    const [e] = conllEncode([{ tokens: ['Peter', 'Kvitfjell'], pos: [], chunk: [], ner: ['B-PER', 'I-PER'], nerIds: [1, 2], doc: 0, idx: 0 }], roberta, { maxLength: 32 });
    expect(roberta.decode(e.inputIds)).toBe('<s> Peter Kvitfjell</s>');
    expect(e.label.filter((l) => l !== -100)).toEqual([1, 2]);
    expect(e.inputIds.length).toBeGreaterThan(4);
  });

  test('math: response-only labels, with finetune.py\'s boundary quirk reproduced', () => {
    const [m] = mathEncodeTrain([{ instruction: '2+2?', input: '', output: 'The answer is 4.', answer: '4', idx: 0 }], gpt2);
    // finetune.py masks len(tokenize(prompt without response)) tokens. Alone, the prompt ends in 16 spaces
    // (two BPE tokens); with the response, the 16th space joins "The" as " The", so that token is masked too.
    expect(gpt2.decode(m.label.filter((l) => l >= 0))).toBe(' answer is 4.<|endoftext|>');
    const [n] = mathEncodeTrain([{ instruction: '2+2?', input: '', output: '\nA: 4. The answer is 4.', answer: '4', idx: 0 }], gpt2);
    expect(gpt2.decode(n.label.filter((l) => l >= 0))).toBe('\nA: 4. The answer is 4.<|endoftext|>');
  });
});
