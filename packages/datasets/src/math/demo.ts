import { Rng } from '@peftbench/util';
import { seedFor } from '../glue/demo.ts';
import type { MathRecord } from './types.ts';

/*
 * Demo arithmetic word problems (grammar in README.md, "Demo arithmetic"): a person, an item and small
 * numbers in one- and two-step templates (add, subtract, multiply, divide with exact results); the
 * output is a rationale in the LLM-Adapters style ending "The answer is N."; AQuA-style records add
 * "Answer Choices: (A) .. (E)" with the answer's letter. Eval sets carry the six real names, so a run
 * config is the same for demo and real data, and every source line says "demo data".
 */

const PEOPLE = ['Sam', 'Mia', 'Ravi', 'Lena', 'Tom', 'Ada'];
const ITEMS = ['apples', 'pencils', 'stickers', 'marbles', 'books', 'cookies'];

interface Problem {
  question: string;
  rationale: string;
  answer: number;
}

const oneStep = (rng: Rng): Problem => {
  const p = rng.pick(PEOPLE);
  const it = rng.pick(ITEMS);
  const a = 2 + rng.int(40);
  const b = 2 + rng.int(20);
  switch (rng.int(4)) {
    case 0:
      return { question: `${p} has ${a} ${it}. ${p} gets ${b} more ${it}. How many ${it} does ${p} have now?`, rationale: `${p} has ${a} + ${b} = ${a + b} ${it}.`, answer: a + b };
    case 1:
      return { question: `${p} has ${a + b} ${it}. ${p} gives away ${b} ${it}. How many ${it} are left?`, rationale: `${p} has ${a + b} - ${b} = ${a} ${it} left.`, answer: a };
    case 2: {
      const k = 2 + rng.int(9);
      return { question: `${p} buys ${k} boxes with ${b} ${it} in each box. How many ${it} does ${p} buy?`, rationale: `${p} buys ${k} * ${b} = ${k * b} ${it}.`, answer: k * b };
    }
    default: {
      const k = 2 + rng.int(9);
      return { question: `${p} shares ${k * b} ${it} equally among ${k} friends. How many ${it} does each friend get?`, rationale: `Each friend gets ${k * b} / ${k} = ${b} ${it}.`, answer: b };
    }
  }
};

const twoStep = (rng: Rng): Problem => {
  const first = oneStep(rng);
  const c = 1 + rng.int(first.answer);
  const it = /How many (\w+)/.exec(first.question)?.[1] ?? 'items';
  return {
    question: `${first.question.replace(/ How many.*$/, '')} Then ${c} ${it} are lost. How many ${it} remain?`,
    rationale: `${first.rationale} Then ${first.answer} - ${c} = ${first.answer - c} remain.`,
    answer: first.answer - c,
  };
};

function numeric(rng: Rng, twoSteps: boolean, idx: number): MathRecord {
  const pr = twoSteps ? twoStep(rng) : oneStep(rng);
  return { instruction: pr.question, input: '', output: `\nA: ${pr.rationale} The answer is ${pr.answer}.`, answer: `${pr.answer}.0`, idx };
}

function choice(rng: Rng, idx: number): MathRecord {
  const pr = rng.next() < 0.5 ? oneStep(rng) : twoStep(rng);
  const wrong = new Set<number>();
  while (wrong.size < 4) {
    const w = pr.answer + (rng.int(21) - 10);
    if (w !== pr.answer && w >= 0) wrong.add(w);
  }
  const values = rng.shuffle([pr.answer, ...wrong]);
  const letters = ['A', 'B', 'C', 'D', 'E'];
  const letter = letters[values.indexOf(pr.answer)];
  const options = Object.fromEntries(values.map((v, i) => [letters[i], String(v)]));
  const choices = values.map((v, i) => `(${letters[i]}) ${v}`).join(' ');
  return {
    instruction: `${pr.question} Answer Choices: ${choices}`,
    input: '',
    output: `\nRationale: ${pr.rationale} The answer is (${letter}).`,
    answer: letter,
    options,
    idx,
  };
}

const EVAL_KINDS: Record<string, (rng: Rng, idx: number) => MathRecord> = {
  AddSub: (rng, i) => numeric(rng, false, i),
  SingleEq: (rng, i) => numeric(rng, false, i),
  SVAMP: (rng, i) => numeric(rng, false, i),
  MultiArith: (rng, i) => numeric(rng, true, i),
  gsm8k: (rng, i) => numeric(rng, true, i),
  AQuA: (rng, i) => choice(rng, i),
};

/** Seeded Math10K-shaped training records (20% multiple choice) and demo eval sets (size / 5 each). */
export function demoMath(seed: number, size: number, sets: string[]): { train: MathRecord[]; eval: Record<string, MathRecord[]> } {
  const rng = new Rng(seedFor(seed, 'math/train'));
  const train = Array.from({ length: size }, (_, i) => (rng.next() < 0.2 ? choice(rng, i) : numeric(rng, rng.next() < 0.5, i)));
  const evalSets: Record<string, MathRecord[]> = {};
  for (const set of sets) {
    const make = EVAL_KINDS[set] ?? EVAL_KINDS.gsm8k;
    const r = new Rng(seedFor(seed, `math/${set}`));
    evalSets[set] = Array.from({ length: Math.max(20, Math.round(size / 5)) }, (_, i) => make(r, i));
  }
  return { train, eval: evalSets };
}
