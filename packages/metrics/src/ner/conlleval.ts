/**
 * Span-level NER scoring exactly as the CoNLL `conlleval` perl script (version 2004-01-26, Erik Tjong
 * Kim Sang) counts it: a chunk is counted correct only when gold and guess start together, end
 * together and carry the same type; an I- after O (or after another type) opens a new chunk; sentence
 * breaks close every chunk. The start / end tables are conlleval's; the E- / S- rows follow the
 * widely used IOBES extension of it (for B / I / O input they coincide with the 2004 script).
 */
import { InputError } from '@peftbench/util';

export type TagScheme = 'iob1' | 'iob2' | 'iobes';

export interface SpanCounts { precision: number; recall: number; f1: number; gold: number; found: number; correct: number }
export interface ConllResult extends SpanCounts {
  /** Token accuracy in percent, as conlleval prints it (over all tokens, O included). */
  accuracy: number;
  tokens: number;
  perType: Record<string, SpanCounts>;
}

/** conlleval splits a tag at the first hyphen: "B-ORG" -> ["B", "ORG"], "O" -> ["O", ""]. */
function splitTag(tag: string): [string, string] {
  const i = tag.indexOf('-');
  return i < 0 ? [tag, ''] : [tag.slice(0, i), tag.slice(i + 1)];
}

function endOfChunk(prevTag: string, tag: string, prevType: string, type: string): boolean {
  if (prevTag === 'E' || prevTag === 'S') return true;
  if ((prevTag === 'B' || prevTag === 'I') && (tag === 'B' || tag === 'S' || tag === 'O')) return true;
  if (prevTag !== 'O' && prevTag !== '.' && prevType !== type) return true;
  return prevTag === ']' || prevTag === '[';
}

function startOfChunk(prevTag: string, tag: string, prevType: string, type: string): boolean {
  if (tag === 'B' || tag === 'S') return true;
  if ((prevTag === 'E' || prevTag === 'S' || prevTag === 'O') && (tag === 'E' || tag === 'I')) return true;
  if (tag !== 'O' && tag !== '.' && prevType !== type) return true;
  return tag === '[' || tag === ']';
}

const ALLOWED: Record<TagScheme, RegExp> = {
  iob1: /^(O|[BI]-.+)$/,
  iob2: /^(O|[BI]-.+)$/,
  iobes: /^(O|[BIES]-.+)$/,
};

function score(correct: number, found: number, gold: number): SpanCounts {
  const precision = found > 0 ? (100 * correct) / found : 0;
  const recall = gold > 0 ? (100 * correct) / gold : 0;
  const f1 = precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
  return { precision, recall, f1, gold, found, correct };
}

/**
 * Score predicted tag sequences against gold ones, sentence by sentence. Percentages (0-100), as
 * conlleval prints them. `scheme` only validates the tag alphabet: conlleval's counting is the same
 * for all three schemes.
 */
export function conllEval(goldTags: string[][], predTags: string[][], scheme: TagScheme = 'iob2'): ConllResult {
  if (goldTags.length !== predTags.length) {
    throw new InputError(`conllEval: ${goldTags.length} gold sentences but ${predTags.length} predicted`);
  }
  const allowed = ALLOWED[scheme];
  if (!allowed) throw new InputError(`conllEval: unknown tag scheme '${scheme}' (iob1, iob2 or iobes)`);
  let correctChunk = 0, foundCorrect = 0, foundGuessed = 0, correctTags = 0, tokens = 0;
  const perCorrect = new Map<string, number>(), perGold = new Map<string, number>(), perFound = new Map<string, number>();
  const bump = (m: Map<string, number>, k: string) => m.set(k, (m.get(k) ?? 0) + 1);

  let inCorrect = false;
  let lastCorrect = 'O', lastCorrectType = '', lastGuessed = 'O', lastGuessedType = '';
  const step = (gold: string, guess: string, boundary: boolean) => {
    let [correct, correctType] = splitTag(gold);
    let [guessed, guessedType] = splitTag(guess);
    if (boundary) { correct = 'O'; correctType = ''; guessed = 'O'; guessedType = ''; }
    const goldEnd = endOfChunk(lastCorrect, correct, lastCorrectType, correctType);
    const guessEnd = endOfChunk(lastGuessed, guessed, lastGuessedType, guessedType);
    if (inCorrect) {
      if (goldEnd && guessEnd && lastGuessedType === lastCorrectType) {
        inCorrect = false;
        correctChunk++;
        bump(perCorrect, lastCorrectType);
      } else if (goldEnd !== guessEnd || guessedType !== correctType) {
        inCorrect = false;
      }
    }
    const goldStart = startOfChunk(lastCorrect, correct, lastCorrectType, correctType);
    const guessStart = startOfChunk(lastGuessed, guessed, lastGuessedType, guessedType);
    if (goldStart && guessStart && guessedType === correctType) inCorrect = true;
    if (goldStart) { foundCorrect++; bump(perGold, correctType); }
    if (guessStart) { foundGuessed++; bump(perFound, guessedType); }
    if (!boundary) {
      if (correct === guessed && guessedType === correctType) correctTags++;
      tokens++;
    }
    lastCorrect = correct; lastCorrectType = correctType; lastGuessed = guessed; lastGuessedType = guessedType;
  };

  for (let s = 0; s < goldTags.length; s++) {
    const gold = goldTags[s], pred = predTags[s];
    if (gold.length !== pred.length) {
      throw new InputError(`conllEval: sentence ${s} has ${gold.length} gold tags but ${pred.length} predicted`);
    }
    if (s > 0) step('O', 'O', true); // the empty line between sentences
    for (let t = 0; t < gold.length; t++) {
      for (const [tag, side] of [[gold[t], 'gold'], [pred[t], 'predicted']] as const) {
        if (!allowed.test(tag)) throw new InputError(`conllEval: sentence ${s}, token ${t}: ${side} tag '${tag}' is not ${scheme.toUpperCase()}`);
      }
      step(gold[t], pred[t], false);
    }
  }
  if (inCorrect) { correctChunk++; bump(perCorrect, lastCorrectType); }

  const perType: Record<string, SpanCounts> = {};
  const types = [...new Set([...perGold.keys(), ...perFound.keys()])].filter((t) => t !== '').sort();
  for (const t of types) perType[t] = score(perCorrect.get(t) ?? 0, perFound.get(t) ?? 0, perGold.get(t) ?? 0);
  return {
    ...score(correctChunk, foundGuessed, foundCorrect),
    accuracy: tokens > 0 ? (100 * correctTags) / tokens : 0,
    tokens,
    perType,
  };
}

/** conlleval's printed report (for the CLI). */
export function formatConllReport(r: ConllResult): string {
  const f = (x: number) => x.toFixed(2).padStart(6);
  const lines = [
    `processed ${r.tokens} tokens with ${r.gold} phrases; found: ${r.found} phrases; correct: ${r.correct}.`,
    `accuracy: ${f(r.accuracy)}%; precision: ${f(r.precision)}%; recall: ${f(r.recall)}%; FB1: ${f(r.f1)}`,
  ];
  for (const [t, c] of Object.entries(r.perType)) {
    lines.push(`${t.padStart(17)}: precision: ${f(c.precision)}%; recall: ${f(c.recall)}%; FB1: ${f(c.f1)}  ${c.found}`);
  }
  return lines.join('\n');
}
