import { readFileSync } from 'node:fs';
import { at, InputError } from '@peftbench/util';
import type { TokenizerJson } from './wrap.ts';

const SPECIALS = ['[PAD]', '[UNK]', '[CLS]', '[SEP]', '[MASK]'] as const;

/**
 * A tokenizer.json for a BERT WordPiece vocab.txt (one token per line, id = line number - 1), laid out as
 * the hub's bert-base-uncased tokenizer.json: BertNormalizer (clean text, CJK spacing, lowercase + strip
 * accents when `lowercase`), BertPreTokenizer, WordPiece model ("##" continuation, [UNK], 100-char words),
 * TemplateProcessing "[CLS] $A [SEP]" / "[CLS] $A [SEP] $B:1 [SEP]:1", WordPiece decoder.
 */
export function bertWordPieceTokenizerJson(vocabTxtPath: string, opts: { lowercase?: boolean } = {}): TokenizerJson {
  let text: string;
  try {
    text = readFileSync(vocabTxtPath, 'utf8');
  } catch (err) {
    throw new InputError(`${vocabTxtPath}: cannot read vocab.txt (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  }
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  const vocab: Record<string, number> = {};
  lines.forEach((raw, i) => {
    const token = raw.replace(/\r$/, '');
    if (token === '') throw at(vocabTxtPath, i + 1, 'empty token');
    if (vocab[token] !== undefined) throw at(vocabTxtPath, i + 1, `duplicate token ${JSON.stringify(token)} (first on line ${vocab[token] + 1})`);
    vocab[token] = i;
  });
  for (const s of SPECIALS) if (vocab[s] === undefined) throw at(vocabTxtPath, undefined, `vocabulary lacks the special token ${s}`);
  const lowercase = opts.lowercase ?? true;
  const special = (t: string) => ({ id: t, ids: [vocab[t]], tokens: [t] });
  return {
    version: '1.0', truncation: null, padding: null,
    added_tokens: SPECIALS.map((t) => ({ id: vocab[t], content: t, single_word: false, lstrip: false, rstrip: false, normalized: false, special: true })),
    normalizer: { type: 'BertNormalizer', clean_text: true, handle_chinese_chars: true, strip_accents: null, lowercase },
    pre_tokenizer: { type: 'BertPreTokenizer' },
    post_processor: {
      type: 'TemplateProcessing',
      single: [{ SpecialToken: { id: '[CLS]', type_id: 0 } }, { Sequence: { id: 'A', type_id: 0 } }, { SpecialToken: { id: '[SEP]', type_id: 0 } }],
      pair: [
        { SpecialToken: { id: '[CLS]', type_id: 0 } }, { Sequence: { id: 'A', type_id: 0 } }, { SpecialToken: { id: '[SEP]', type_id: 0 } },
        { Sequence: { id: 'B', type_id: 1 } }, { SpecialToken: { id: '[SEP]', type_id: 1 } },
      ],
      special_tokens: { '[CLS]': special('[CLS]'), '[SEP]': special('[SEP]') },
    },
    decoder: { type: 'WordPiece', prefix: '##', cleanup: true },
    model: { type: 'WordPiece', unk_token: '[UNK]', continuing_subword_prefix: '##', max_input_chars_per_word: 100, vocab },
  };
}
