import { describe, expect, test } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InputError, writeJsonAtomic } from '@peftbench/util';
import { loadTokenizer } from './load.ts';
import { gpt2TokenizerJson } from './gpt2-json.ts';

const tmp = () => mkdtempSync(join(tmpdir(), 'tok-'));

describe('loadTokenizer', () => {
  const dir = tmp();
  writeJsonAtomic(join(dir, 'tokenizer.json'), gpt2TokenizerJson({ flavour: 'gpt2' }));

  test('from a folder and from the tokenizer.json path', async () => {
    const a = await loadTokenizer(dir);
    const b = await loadTokenizer(join(dir, 'tokenizer.json'));
    expect(a.encode('Hello world').ids).toEqual([15496, 995]);
    expect(b.encode('Hello world').ids).toEqual([15496, 995]);
  });

  test('tokenizer_config.json names the special tokens and decode clean-up', async () => {
    const d = tmp();
    writeJsonAtomic(join(d, 'tokenizer.json'), gpt2TokenizerJson({ flavour: 'gpt2' }));
    writeJsonAtomic(join(d, 'tokenizer_config.json'), { pad_token: { content: '!' }, bos_token: '<|endoftext|>', clean_up_tokenization_spaces: true });
    const t = await loadTokenizer(d);
    expect(t.special.pad).toBe(0); // '!' is GPT-2 id 0
    expect(t.decode(t.encode('Hello , world').ids)).toBe('Hello, world'); // clean-up on
    expect((await loadTokenizer(dir)).decode([15496, 837, 995])).toBe('Hello , world'); // off by default
  });

  test('a tokenizer.json that does not parse is an InputError naming the file and line', async () => {
    const d = tmp();
    writeFileSync(join(d, 'tokenizer.json'), '{\n  "model": {\n    "type": "BPE",,\n  }\n}\n');
    const err = await loadTokenizer(d).catch((e) => e);
    expect(err).toBeInstanceOf(InputError);
    expect(err.message).toMatch(new RegExp(`^${join(d, 'tokenizer.json').replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:3: invalid JSON`));
  });

  test('missing files and unusable content are InputErrors naming the file', async () => {
    const d = tmp();
    await expect(loadTokenizer(d)).rejects.toThrow(`${join(d, 'tokenizer.json')}: missing`);
    await expect(loadTokenizer(join(d, 'nope'))).rejects.toThrow(/no such tokenizer file or folder/);
    writeFileSync(join(d, 'tokenizer.json'), JSON.stringify({ version: '1.0' }));
    await expect(loadTokenizer(d)).rejects.toThrow(`${join(d, 'tokenizer.json')} [model]: must be an object (the tokenizer model), got nothing`);
    writeFileSync(join(d, 'tokenizer.json'), JSON.stringify({ model: { type: 'Nonsense' } }));
    await expect(loadTokenizer(d)).rejects.toThrow(/tokenizer\.json \[model\.type\]: unknown tokenizer model "Nonsense"/);
  });
});
