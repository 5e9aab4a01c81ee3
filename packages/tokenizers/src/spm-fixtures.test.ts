/**
 * SentencePiece tokenizers against ../shared/fixtures/tokenizers/spm: every case's ids, type ids, tokens
 * and decoded text equal Hugging Face's slow DebertaV2Tokenizer / T5Tokenizer exactly.
 */
import { createHash } from 'node:crypto';
import { copyFileSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { hasShared, sharedDir } from '@peftbench/util';
import { loadSpmTokenizer } from './spm-tokenizer.ts';
import { loadTokenizer } from './load.ts';

const root = join(sharedDir, 'fixtures/tokenizers/spm');
const available = hasShared('fixtures/tokenizers/spm/spm-unigram');
if (!available) console.log(`skipping SentencePiece fixture tests: ${root} is absent`);

describe.skipIf(!available)('SentencePiece fixtures', () => {
  for (const name of ['spm-unigram', 'spm-t5']) {
    describe(name, () => {
      const dir = join(root, name);
      const fixture = available ? JSON.parse(readFileSync(join(dir, 'cases.json'), 'utf8')) : { cases: [] };
      const tok = available ? loadSpmTokenizer(dir) : undefined!;

      test('model file, sizes and special ids', () => {
        const bytes = readFileSync(join(dir, fixture.model_file));
        expect(createHash('sha256').update(bytes).digest('hex')).toBe(fixture.model_sha256);
        expect(tok.spmVocabSize).toBe(fixture.vocab_size);
        expect(tok.vocabSize).toBe(fixture.len_tokenizer);
        for (const [role, v] of Object.entries(fixture.special_tokens) as [string, any][]) {
          if (role === 'extra_ids') for (const [t, id] of Object.entries(v)) expect(tok.tokenToId(t), t).toBe(id);
          else expect((tok.special as Record<string, number>)[role], role).toBe(v.id);
        }
      });

      test('the model file alone (no tokenizer_config.json) gives the class defaults: same ids for every case', () => {
        const bare = mkdtempSync(join(tmpdir(), 'spm-bare-'));
        copyFileSync(join(dir, fixture.model_file), join(bare, fixture.model_file));
        const t = loadSpmTokenizer(bare);
        expect(t.vocabSize).toBe(name === 'spm-t5' ? fixture.vocab_size + 100 : fixture.len_tokenizer); // T5Tokenizer's default extra_ids is 100
        expect(t.special).toEqual(tok.special);
        for (const c of fixture.cases) {
          if (name === 'spm-t5' && /<extra_id_/.test(c.text)) continue; // sentinel ids move with extra_ids
          expect(t.encode(c.text, c.text_pair).ids, c.id).toEqual(c.input_ids);
        }
      });

      for (const c of fixture.cases) {
        test(`${c.id} (${c.category})`, () => {
          const enc = tok.encode(c.text, c.text_pair);
          expect(enc.ids).toEqual(c.input_ids);
          if (c.token_type_ids) expect(enc.typeIds).toEqual(c.token_type_ids);
          expect(tok.tokenize(c.text)).toEqual(c.tokens);
          if (c.tokens_pair) expect(tok.tokenize(c.text_pair)).toEqual(c.tokens_pair);
          expect(tok.decode(c.input_ids, { skipSpecialTokens: true })).toBe(c.decoded);
        });
      }
    });
  }

  test('loadTokenizer picks the SentencePiece model when the folder has no tokenizer.json', async () => {
    const t = await loadTokenizer(join(root, 'spm-unigram'));
    expect(t.encode('a gorgeous , witty , seductive movie .').ids).toEqual([1, 9, 150, 45, 116, 248, 11, 91, 14, 7, 7, 15, 11, 4, 5, 16, 36, 34, 7, 176, 201, 19, 2]);
  });
});
