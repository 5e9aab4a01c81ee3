import { Rng } from '@peftbench/util';
import { seedFor } from '../glue/demo.ts';
import { NER_LABELS } from './labels.ts';
import type { ConllSentence } from './types.ts';

/*
 * Demo NER corpus: sentences from templates with PER / LOC / ORG / MISC slots filled from small
 * gazetteers (multi-word names give B-X I-X ...), tagged in IOB2. POS is NNP on entity tokens and NN
 * elsewhere, chunk tags O: the demo only exercises NER. Grammar in README.md ("Demo NER corpus").
 */

const ENTITIES: Record<string, string[]> = {
  PER: ['Anna Berg', 'Tom Hale', 'Maria Lopez', 'Kenji Sato', 'Olu Adeyemi', 'Lena', 'Peter van Dam', 'Ravi Kumar'],
  LOC: ['Paris', 'Lake Como', 'Nairobi', 'New Zealand', 'Oslo', 'the Alps', 'Buenos Aires', 'Cairo'],
  ORG: ['Acme Corp', 'United Nations', 'Bank of Oslo', 'Nordic Air', 'Red Cross', 'Globex', 'City Council', 'FC Porto'],
  MISC: ['German', 'Olympic Games', 'World Cup', 'French', 'Nobel Prize', 'Japanese', 'Euro', 'Tour de France'],
};
const TEMPLATES = [
  '{PER} met {PER} in {LOC} on Monday .',
  '{ORG} shares rose 3 percent in {LOC} trading .',
  'the {MISC} team beat {ORG} in the final .',
  '{PER} , a spokesman for {ORG} , said the deal was signed .',
  '{PER} won the {MISC} after a long race through {LOC} .',
  'officials from {ORG} arrived in {LOC} to meet {PER} .',
  'the {MISC} minister told {ORG} that talks would resume .',
  'prices in {LOC} fell sharply , {PER} said .',
];

/** Seeded NER sentences for one split. */
export function demoConllSentences(seed: number, split: string, n: number): ConllSentence[] {
  const rng = new Rng(seedFor(seed, `conll/${split}`));
  const out: ConllSentence[] = [];
  for (let i = 0; i < n; i++) {
    const tokens: string[] = [];
    const ner: string[] = [];
    for (const part of rng.pick(TEMPLATES).split(' ')) {
      const m = /^\{(\w+)\}$/.exec(part);
      if (!m) {
        tokens.push(part);
        ner.push('O');
        continue;
      }
      rng
        .pick(ENTITIES[m[1]])
        .split(' ')
        .forEach((w, k) => {
          tokens.push(w);
          ner.push(`${k === 0 ? 'B' : 'I'}-${m[1]}`);
        });
    }
    out.push({ tokens, pos: ner.map((t) => (t === 'O' ? 'NN' : 'NNP')), chunk: ner.map(() => 'O'), ner, nerIds: ner.map((t) => NER_LABELS.indexOf(t)), doc: 0, idx: i });
  }
  return out;
}
