import { Rng } from '@peftbench/util';
import { ADJECTIVES, ATTRIBUTES, NEGATIVE, OBJECTS, PLACES, POSITIVE, REVIEW_ASPECTS, REVIEW_ITEMS, SUBJECTS, VERBS } from '../demo/words.ts';
import type { GlueTask } from './tasks.ts';
import type { GlueExample } from './types.ts';

/*
 * The demo GLUE suite: seeded grammars in each task's shape (grammar in README.md, "Demo GLUE suite").
 * Labels are drawn uniformly first, then a sentence is generated for the label, so classes are balanced
 * and the rule deciding the label is simple enough for a tiny model to learn in a few hundred steps:
 *   sentiment (sst2)      : the polarity of the review adjectives (all of one polarity) decides.
 *   acceptability (cola)  : a well-formed clause vs. one corrupted (noun/determiner swap, doubled verb,
 *                           verb moved to the end).
 *   paraphrase (mrpc,qqp) : sentence 2 restates sentence 1 with a synonym verb / moved place (1), or
 *                           negates it with "never" or changes both nouns (0).
 *   entailment (mnli 3-way; rte, qnli, wnli 2-way): the hypothesis repeats a premise attribute
 *                           (entailment), negates one with "not" (contradiction), or hedges a new one with
 *                           "probably" (neutral; 2-way tasks fold it into not_entailment).
 *   similarity (stsb)     : sentence 2 keeps k of sentence 1's five slots; the score is k (0..5).
 */

type Gen = (rng: Rng, label: number) => { text: string; textPair?: string };

const verb = (rng: Rng) => rng.pick(VERBS);
const other = <T>(rng: Rng, items: readonly T[], not: T): T => {
  let x = rng.pick(items);
  while (x === not) x = rng.pick(items);
  return x;
};

function sentiment(rng: Rng, label: number): { text: string } {
  const words = label === 1 ? POSITIVE : NEGATIVE;
  const a = rng.pick(words);
  const b = other(rng, words, a);
  const item = rng.pick(REVIEW_ITEMS);
  const aspect = rng.pick(REVIEW_ASPECTS);
  const templates = [
    `the ${item} was ${a} .`,
    `a ${a} ${item} with a ${b} ${aspect} .`,
    `i thought the ${aspect} was ${a} and the ${item} ${b} .`,
    `${a} ${aspect} , ${b} ${item} .`,
  ];
  return { text: rng.pick(templates) };
}

function acceptability(rng: Rng, label: number): { text: string } {
  const [past] = verb(rng);
  const s = rng.pick(SUBJECTS);
  const o = rng.pick(OBJECTS);
  const p = rng.pick(PLACES);
  if (label === 1) return { text: `the ${s} ${past} a ${o} ${p} .` };
  const corruptions = [`${s} the ${past} a ${o} ${p} .`, `the ${s} ${past} ${past} a ${o} ${p} .`, `the ${s} a ${o} ${p} ${past} .`];
  return { text: rng.pick(corruptions) };
}

function paraphrase(question: boolean): Gen {
  return (rng, label) => {
    const [past, base, synPast, synBase] = verb(rng);
    const s = rng.pick(SUBJECTS);
    const o = rng.pick(OBJECTS);
    const p = rng.pick(PLACES);
    if (question) {
      const text = `why did the ${s} ${base} the ${o} ${p} ?`;
      if (label === 1) return { text, textPair: rng.next() < 0.5 ? `why did the ${s} ${synBase} the ${o} ${p} ?` : `${p} , why did the ${s} ${base} the ${o} ?` };
      return { text, textPair: rng.next() < 0.5 ? `why did the ${s} never ${base} the ${o} ${p} ?` : `why did the ${other(rng, SUBJECTS, s)} ${base} the ${other(rng, OBJECTS, o)} ${p} ?` };
    }
    const text = `the ${s} ${past} the ${o} ${p} .`;
    if (label === 1) return { text, textPair: rng.next() < 0.5 ? `the ${s} ${synPast} the ${o} ${p} .` : `${p} , the ${s} ${past} the ${o} .` };
    return { text, textPair: rng.next() < 0.5 ? `the ${s} never ${synPast} the ${o} ${p} .` : `the ${other(rng, SUBJECTS, s)} ${past} the ${other(rng, OBJECTS, o)} ${p} .` };
  };
}

/** kind: 0 entailment, 1 neutral, 2 contradiction (MNLI's ids). */
function nli(rng: Rng, kind: number, question: boolean): { text: string; textPair: string } {
  const s = rng.pick(SUBJECTS);
  const a1 = rng.pick(ATTRIBUTES);
  const a2 = other(rng, ATTRIBUTES, a1);
  let a3 = rng.pick(ATTRIBUTES);
  while (a3 === a1 || a3 === a2) a3 = rng.pick(ATTRIBUTES);
  const premise = `the ${s} ${rng.pick(PLACES)} is ${a1} and ${a2} .`;
  const said = rng.next() < 0.5 ? a1 : a2;
  const hyp =
    kind === 0 ? `the ${s} is ${said}` : kind === 2 ? `the ${s} is not ${said}` : `the ${s} is probably ${a3}`;
  return question ? { text: `${hyp.replace(/^the (\w+) is/, 'is the $1')} ?`, textPair: premise } : { text: premise, textPair: `${hyp} .` };
}

function similarity(rng: Rng, score: number): { text: string; textPair: string } {
  const slots = [ADJECTIVES, SUBJECTS, VERBS.map((v) => v[0]), OBJECTS, PLACES];
  const first = slots.map((words) => rng.pick(words));
  const keep = new Set(rng.shuffle([0, 1, 2, 3, 4]).slice(0, score));
  const second = first.map((w, i) => (keep.has(i) ? w : other(rng, slots[i], w)));
  const say = (w: string[]) => `the ${w[0]} ${w[1]} ${w[2]} the ${w[3]} ${w[4]} .`;
  return { text: say(first), textPair: say(second) };
}

interface DemoTask {
  numLabels: number;
  gen: Gen;
}

const DEMO_TASKS: Record<GlueTask, DemoTask> = {
  sst2: { numLabels: 2, gen: sentiment },
  cola: { numLabels: 2, gen: acceptability },
  mrpc: { numLabels: 2, gen: paraphrase(false) },
  qqp: { numLabels: 2, gen: paraphrase(true) },
  stsb: { numLabels: 6, gen: similarity },
  mnli: { numLabels: 3, gen: (rng, label) => nli(rng, label, false) },
  // 2-way tasks: entailment vs not (neutral or contradiction, equally often).
  rte: { numLabels: 2, gen: (rng, label) => nli(rng, label === 0 ? 0 : rng.pick([1, 2]), false) },
  qnli: { numLabels: 2, gen: (rng, label) => nli(rng, label === 0 ? 0 : rng.pick([1, 2]), true) },
  // WNLI's ids are flipped (0 = not_entailment, 1 = entailment).
  wnli: { numLabels: 2, gen: (rng, label) => nli(rng, label === 1 ? 0 : rng.pick([1, 2]), false) },
};

/** One split of the demo suite for a task; the label of STS-B examples is the float score k. */
export function demoGlueSplit(task: GlueTask, seed: number, split: string, n: number): GlueExample[] {
  const spec = DEMO_TASKS[task];
  const rng = new Rng(seedFor(seed, `${task}/${split}`));
  const out: GlueExample[] = [];
  for (let i = 0; i < n; i++) {
    const label = rng.int(spec.numLabels);
    const { text, textPair } = spec.gen(rng, label);
    out.push(textPair === undefined ? { text, label, idx: i } : { text, textPair, label, idx: i });
  }
  return out;
}

/** Unlabeled sentences from every demo grammar (for a tiny MLM pretraining), seeded. */
export function demoCorpus(seed: number, n: number): string[] {
  const rng = new Rng(seedFor(seed, 'corpus'));
  const tasks = Object.keys(DEMO_TASKS) as GlueTask[];
  const out: string[] = [];
  while (out.length < n) {
    const spec = DEMO_TASKS[rng.pick(tasks)];
    const ex = spec.gen(rng, rng.int(spec.numLabels));
    out.push(ex.text);
    if (ex.textPair !== undefined && out.length < n) out.push(ex.textPair);
  }
  return out;
}

/** A stable sub-seed per (seed, stream name), so splits and tasks never share a random stream. */
export function seedFor(seed: number, name: string): number {
  let h = seed | 0;
  for (let i = 0; i < name.length; i++) h = (Math.imul(h, 31) + name.charCodeAt(i)) | 0;
  return h;
}
