import { Rng } from '@peftbench/util';
import {
  ACTS, ADJECTIVES, AGENCIES, ATTRIBUTES, DAYS, DOCUMENTS, GIFTS, HELPED, HOBBIES, INTENSIFIERS, LANDMARKS, NEGATIVE, OBJECTS,
  PLACES, POSITIVE, REVIEW_ASPECTS, REVIEW_ITEMS, SEASONS, SUBJECTS, TIMES, VERBS, participle, withArticle, type Verb,
} from './demo-words.ts';
import type { GlueTask } from './tasks.ts';
import type { GlueExample } from './types.ts';

/*
 * The demo GLUE suite: seeded English-like grammars in the shape of each GLUE task (label set, splits,
 * metric), small enough for 2 CPU cores (README.md, "Demo GLUE suite", has the table). Each task's label
 * follows a rule a small MLM-pretrained encoder can see — word identity, word overlap between the two
 * sentences, and word order — with enough variation that no single cue decides every example:
 *   cola  : well-formed clauses vs. the same clauses with an agreement error, an over-regularised past
 *           ("finded"), a verb form error after will/does, a word-order error or a doubled word.
 *   sst2  : review sentences; the polarity of the evaluative words decides, with negation ("not boring")
 *           and "X , but Y" contrasts where order matters.
 *   mrpc  : news-like event sentences; a paraphrase keeps every participant (reordered, passive, synonym
 *           verb), a non-paraphrase changes one or two participants or negates the event.
 *   stsb  : sentence 2 keeps k of sentence 1's five slots; the score is k plus annotator-like noise (0-5).
 *   qqp   : how / why / where questions; a duplicate asks the same thing in another frame or with a
 *           synonym verb, a non-duplicate changes the object, the verb or the intent.
 *   mnli  : premise with two facts; entailment restates one, contradiction negates one (or uses the
 *           antonym), neutral states a new fact (half the time with a cue: "too", "probably", ...).
 *           Train and validation_matched use three genres (fiction, travel, government);
 *           validation_mismatched two others (letters, telephone) with the same hypothesis rules.
 *   qnli  : a who / what / where / when question and a sentence; entailment when the sentence is about the
 *           same event and contains the asked slot.
 *   rte   : a reported two-event premise; entailment restates an event, not_entailment negates one,
 *           swaps the roles of the two people, or states an unsupported event.
 *   wnli  : rte's grammar with WNLI's flipped label ids.
 * Label proportions are exact per split (a few tasks skewed like the real ones, the majority class at most
 * 55%); examples are generated for a label, then shuffled.
 */

interface Generated {
  text: string;
  textPair?: string;
  /** overrides the drawn label (stsb: the noisy score) */
  label?: number;
}
/** `genre` selects MNLI's matched (train, validation_matched) or mismatched genres. */
type Gen = (rng: Rng, label: number, genre: Genre) => Generated;
type Genre = 'matched' | 'mismatched' | 'any';

const other = <T>(rng: Rng, items: readonly T[], ...not: T[]): T => {
  let x = rng.pick(items);
  while (not.includes(x)) x = rng.pick(items);
  return x;
};
const chance = (rng: Rng, p: number) => rng.next() < p;
const sing = (rng: Rng) => rng.pick(SUBJECTS)[0];
const joinWords = (...parts: string[]) => parts.filter((p) => p !== '').join(' ');

// ---------------------------------------------------------------------------------------------- sst2

function sentiment(rng: Rng, label: number): Generated {
  const same = label === 1 ? POSITIVE : NEGATIVE;
  const opposite = label === 1 ? NEGATIVE : POSITIVE;
  const a = rng.pick(same);
  const b = other(rng, same, a);
  const item = rng.pick(REVIEW_ITEMS);
  const aspect = rng.pick(REVIEW_ASPECTS);
  const int = rng.pick(INTENSIFIERS);
  const r = rng.next();
  if (r < 0.15) {
    // negation flips an evaluative word of the other polarity: "the film was not boring ."
    const o = rng.pick(opposite);
    return { text: rng.pick([`the ${item} was not ${o} .`, `the ${aspect} is never ${o} , and the ${item} is ${a} .`, `this ${item} is not ${int}${o} at all .`]) };
  }
  if (r < 0.3) {
    // contrast: the clause after "but" decides
    const o = rng.pick(opposite);
    return { text: rng.pick([`the ${aspect} was ${o} , but the ${item} is ${int}${a} .`, `${withArticle(o)} start , but ${withArticle(a)} ${item} .`]) };
  }
  return {
    text: rng.pick([
      `the ${item} was ${int}${a} .`,
      `${withArticle(a)} ${item} with ${withArticle(b)} ${aspect} .`,
      `i thought the ${aspect} was ${a} and the ${item} was ${b} .`,
      `${a} ${aspect} , ${b} ${item} .`,
      `the ${aspect} of this ${item} is ${int}${a} .`,
    ]),
  };
}

// ---------------------------------------------------------------------------------------------- cola

function acceptability(rng: Rng, label: number): Generated {
  const [one, many] = rng.pick(SUBJECTS);
  const plural = chance(rng, 0.4);
  const s = plural ? many : one;
  const o = rng.pick(OBJECTS);
  const p = rng.pick(PLACES);
  if (label === 1) {
    const v = rng.pick(VERBS);
    return {
      text: rng.pick([
        `the ${s} ${v.past} the ${o} ${p} .`,
        `the ${s} ${plural ? 'were' : 'was'} ${rng.pick(ADJECTIVES)} ${rng.pick(TIMES)} .`,
        `the ${s} will ${v.base} the ${o} .`,
        `the ${o} was ${participle(v)} by the ${s} .`,
        `the ${s} ${plural ? 'do' : 'does'} not ${v.base} the ${o} .`,
      ]),
    };
  }
  const kind = rng.int(5);
  if (kind === 0) {
    // agreement
    return { text: rng.pick([`the ${s} ${plural ? 'was' : 'were'} ${rng.pick(ADJECTIVES)} ${rng.pick(TIMES)} .`, `the ${s} ${plural ? 'does' : 'do'} not ${rng.pick(VERBS).base} the ${o} .`]) };
  }
  if (kind === 1) {
    // over-regularised past of an irregular verb
    const v = rng.pick(VERBS.filter((x) => x.wrong !== undefined));
    return { text: rng.pick([`the ${s} ${v.wrong} the ${o} ${p} .`, `the ${o} was ${v.wrong} by the ${s} .`]) };
  }
  const v = rng.pick(VERBS);
  if (kind === 2) {
    // wrong verb form after will / does ("found" is also a base form: left out here)
    const v = rng.pick(VERBS.filter((x) => x.past !== 'found'));
    return { text: rng.pick([`the ${s} will ${v.past} the ${o} .`, `the ${s} ${plural ? 'do' : 'does'} not ${v.past} the ${o} .`]) };
  }
  if (kind === 3) {
    // word order
    return { text: rng.pick([`the ${s} the ${o} ${p} ${v.past} .`, `${s} the ${v.past} the ${o} ${p} .`, `the ${s} ${v.past} ${p} the ${o} the .`]) };
  }
  // a doubled word
  const words = `the ${s} ${v.past} the ${o} ${p} .`.split(' ');
  const i = 1 + rng.int(words.length - 2);
  words.splice(i, 0, words[i]);
  return { text: words.join(' ') };
}

// ---------------------------------------------------------------------------------------------- mrpc

interface Event {
  s: string;
  v: Verb;
  /** which verb form the sentence uses: the verb itself or its synonym */
  syn: boolean;
  o: string;
  place: string;
  time: string;
}
const pastOf = (e: Event) => (e.syn ? e.v.syn[0] : e.v.past);
const partOf = (e: Event) => (e.syn ? e.v.syn[0] : participle(e.v));
const baseOf = (e: Event) => (e.syn ? e.v.syn[1] : e.v.base);

function newEvent(rng: Rng): Event {
  return { s: sing(rng), v: rng.pick(VERBS), syn: chance(rng, 0.5), o: rng.pick(OBJECTS), place: rng.pick(PLACES), time: rng.pick(TIMES) };
}

/** An event as a sentence: active or passive, time / place at the end or fronted, optionally negated. */
function sayEvent(rng: Rng, e: Event, opts: { negate?: boolean; dropTime?: boolean } = {}): string {
  const time = opts.dropTime ? '' : e.time;
  const passive = chance(rng, 0.3);
  const core = passive
    ? `the ${e.o} was ${opts.negate ? 'not ' : ''}${partOf(e)} by the ${e.s}`
    : opts.negate
      ? `the ${e.s} did not ${baseOf(e)} the ${e.o}`
      : `the ${e.s} ${pastOf(e)} the ${e.o}`;
  const r = rng.next();
  if (r < 0.25 && time !== '') return `${time} , ${joinWords(core, e.place)} .`;
  if (r < 0.4) return `${e.place} , ${joinWords(core, time)} .`;
  return `${joinWords(core, e.place, time)} .`;
}

function paraphrase(rng: Rng, label: number): Generated {
  const e = newEvent(rng);
  const text = sayEvent(rng, e);
  if (label === 1) {
    const e2 = { ...e, syn: chance(rng, 0.3) ? !e.syn : e.syn };
    return { text, textPair: sayEvent(rng, e2, { dropTime: chance(rng, 0.15) }) };
  }
  const r = rng.next();
  if (r < 0.2) return { text, textPair: sayEvent(rng, e, { negate: true }) };
  const changes = rng.shuffle(['s', 'o', 'place'] as const).slice(0, r < 0.6 ? 1 : 2);
  const e2 = { ...e };
  for (const c of changes) {
    if (c === 's') e2.s = other(rng, SUBJECTS.map((x) => x[0]), e.s);
    if (c === 'o') e2.o = other(rng, OBJECTS, e.o);
    if (c === 'place') e2.place = other(rng, PLACES, e.place);
  }
  return { text, textPair: sayEvent(rng, e2) };
}

// ---------------------------------------------------------------------------------------------- stsb

function similarity(rng: Rng, k: number): Generated {
  const slots: readonly (readonly string[])[] = [ADJECTIVES, SUBJECTS.map((x) => x[0]), VERBS.map((v) => v.past), OBJECTS, PLACES];
  const first = slots.map((words) => rng.pick(words));
  const keep = new Set(rng.shuffle([0, 1, 2, 3, 4]).slice(0, k));
  const second = first.map((w, i) => {
    if (!keep.has(i)) return other(rng, slots[i], w);
    // a kept verb is sometimes said with its synonym (same meaning, other word)
    if (i === 2 && chance(rng, 0.2)) return VERBS.find((v) => v.past === w)!.syn[0];
    return w;
  });
  const say = (w: string[], fronted: boolean) => (fronted ? `${w[4]} , the ${w[0]} ${w[1]} ${w[2]} the ${w[3]} .` : `the ${w[0]} ${w[1]} ${w[2]} the ${w[3]} ${w[4]} .`);
  // annotator-like noise: averages of five ratings, multiples of 0.2, clipped to [0, 5]
  const noisy = Math.min(5, Math.max(0, Math.round((k + Math.max(-0.4, Math.min(0.4, 0.25 * rng.normal()))) * 5) / 5));
  return { text: say(first, false), textPair: say(second, chance(rng, 0.3)), label: noisy };
}

// ----------------------------------------------------------------------------------------------- qqp

const FRAMES: Record<'how' | 'why' | 'where', ((x: string) => string)[]> = {
  how: [(x) => `how do i ${x} ?`, (x) => `how can i ${x} ?`, (x) => `what is the best way to ${x} ?`, (x) => `how should i ${x} ?`],
  why: [(x) => `why do people ${x} ?`, (x) => `why would anyone ${x} ?`],
  where: [(x) => `where can i ${x} ?`, (x) => `where should i ${x} ?`],
};

function question(rng: Rng, label: number): Generated {
  const intents = ['how', 'how', 'how', 'why', 'where'] as const;
  const intent = rng.pick(intents);
  const v = rng.pick(VERBS);
  const syn = chance(rng, 0.5);
  const o = rng.pick(OBJECTS);
  const place = chance(rng, 0.5) ? rng.pick(PLACES) : '';
  const x = (verb: Verb, useSyn: boolean, obj: string, pl: string) => joinWords(useSyn ? verb.syn[1] : verb.base, withArticle(obj), pl);
  const text = rng.pick(FRAMES[intent])(x(v, syn, o, place));
  if (label === 1) {
    // the same question, reworded: another frame of the same intent, the synonym verb, the place dropped
    const pl = chance(rng, 0.2) ? '' : place;
    return { text, textPair: rng.pick(FRAMES[intent])(x(v, chance(rng, 0.25) ? !syn : syn, o, pl)) };
  }
  const r = rng.next();
  if (r < 0.4) return { text, textPair: rng.pick(FRAMES[intent])(x(v, syn, other(rng, OBJECTS, o), place)) };
  if (r < 0.6) return { text, textPair: rng.pick(FRAMES[intent])(x(other(rng, VERBS, v), syn, o, place)) };
  if (r < 0.85) {
    const other2 = other(rng, ['how', 'why', 'where'] as const, intent);
    return { text, textPair: rng.pick(FRAMES[other2])(x(v, syn, o, place)) };
  }
  return { text, textPair: rng.pick(FRAMES[intent])(x(other(rng, VERBS, v), syn, other(rng, OBJECTS, o), place)) };
}

// ---------------------------------------------------------------------------------------------- mnli

/** A fact of a premise: how to state it, to negate it, and (where one exists) its antonym version. */
interface Fact {
  pos: string;
  neg: string[];
  ant?: string;
}
interface Scene {
  premise: string;
  facts: [Fact, Fact];
  /** a statement about the scene that the premise does not support */
  unsupported: string;
}

const antonym = (a: string) => {
  const pair = ATTRIBUTES.find(([x, y]) => x === a || y === a)!;
  return pair[0] === a ? pair[1] : pair[0];
};
const KIN = ['brother', 'sister', 'wife', 'husband', 'son', 'daughter'];

const GENRES: Record<'fiction' | 'travel' | 'government' | 'letters' | 'telephone', (rng: Rng) => Scene> = {
  fiction: (rng) => {
    const s = sing(rng);
    const [v1, v2, v3] = rng.shuffle(VERBS).slice(0, 3);
    const [o1, o2, o3] = rng.shuffle(OBJECTS).slice(0, 3);
    const fact = (v: Verb, o: string): Fact => ({ pos: rng.pick([`the ${s} ${v.past} the ${o}`, `someone ${v.past} the ${o}`]), neg: [`the ${s} did not ${v.base} the ${o}`, `the ${s} never ${v.past} the ${o}`, `nobody ${v.past} the ${o}`] });
    return { premise: `the ${s} ${v1.past} the ${o1} and ${v2.past} the ${o2} ${rng.pick(PLACES)} .`, facts: [fact(v1, o1), fact(v2, o2)], unsupported: `the ${s} ${v3.past} the ${o3}` };
  },
  travel: (rng) => {
    const l = rng.pick(LANDMARKS);
    const [p1, p2, p3] = rng.shuffle(ATTRIBUTES).slice(0, 3);
    const [a1, a2, a3] = [p1, p2, p3].map((p) => rng.pick(p));
    const fact = (a: string): Fact => ({ pos: `the ${l} is ${a}`, neg: [`the ${l} is not ${a}`, `the ${l} is never ${a}`], ant: `the ${l} is ${antonym(a)}` });
    return { premise: `${rng.pick(SEASONS)} the ${l} is ${a1} and ${a2} .`, facts: [fact(a1), fact(a2)], unsupported: `the ${l} is ${a3}` };
  },
  government: (rng) => {
    const g = rng.pick(AGENCIES);
    const [a1, a2, a3] = rng.shuffle(ACTS).slice(0, 3);
    const [d1, d2, d3] = rng.shuffle(DOCUMENTS).slice(0, 3);
    const fact = (a: [string, string], d: string): Fact => ({ pos: `the ${g} ${a[0]} the ${d}`, neg: [`the ${g} did not ${a[1]} the ${d}`, `the ${g} never ${a[0]} the ${d}`] });
    return { premise: `the ${g} ${a1[0]} the ${d1} ${rng.pick(DAYS)} and ${a2[0]} the ${d2} .`, facts: [fact(a1, d1), fact(a2, d2)], unsupported: `the ${g} ${a3[0]} the ${d3}` };
  },
  letters: (rng) => {
    const g = rng.pick(GIFTS);
    const [h1, h2, h3] = rng.shuffle(HELPED).slice(0, 3);
    const fact = (h: string): Fact => ({ pos: `your ${g} helped ${h}`, neg: [`your ${g} did not help ${h}`, `your ${g} never helped ${h}`] });
    return { premise: `thank you for your ${g} , it helped ${h1} and ${h2} ${rng.pick(DAYS)} .`, facts: [fact(h1), fact(h2)], unsupported: `your ${g} helped ${h3}` };
  },
  telephone: (rng) => {
    const k = rng.pick(KIN);
    const [b1, b2, b3] = rng.shuffle(HOBBIES).slice(0, 3);
    const place = rng.pick(PLACES);
    return {
      premise: `yeah , we ${b1[0]} a lot ${place} and my ${k} ${b2[0]} with us .`,
      facts: [
        { pos: `we ${b1[0]} ${place}`, neg: [`we never ${b1[0]} ${place}`, `we did not ${b1[1]} ${place}`] },
        { pos: `my ${k} ${b2[0]}`, neg: [`my ${k} did not ${b2[1]}`, `my ${k} never ${b2[0]}`] },
      ],
      unsupported: `my ${k} ${b3[0]}`,
    };
  },
};
const MATCHED = ['fiction', 'travel', 'government'] as const;
const MISMATCHED = ['letters', 'telephone'] as const;

/** MNLI ids: 0 entailment, 1 neutral, 2 contradiction. */
function nli(rng: Rng, label: number, genre: Genre): Generated {
  const names = genre === 'matched' ? MATCHED : genre === 'mismatched' ? MISMATCHED : [...MATCHED, ...MISMATCHED];
  const scene = GENRES[rng.pick(names)](rng);
  const fact = rng.pick(scene.facts);
  let hyp: string;
  if (label === 0) hyp = fact.pos;
  else if (label === 2) hyp = fact.ant !== undefined && chance(rng, 0.4) ? fact.ant : rng.pick(fact.neg);
  else {
    const u = scene.unsupported;
    hyp = chance(rng, 0.5) ? u : rng.pick([`${u} too`, `${u} as well`, `perhaps ${u}`, `${u} because it was late`, `${u} for the first time`]);
  }
  return { text: scene.premise, textPair: `${hyp} .` };
}

// ---------------------------------------------------------------------------------------------- qnli

function answerable(rng: Rng, label: number): Generated {
  const e = newEvent(rng);
  const kind = rng.pick(['who', 'what', 'where', 'when'] as const);
  const q =
    kind === 'who' ? `who ${pastOf(e)} the ${e.o} ${e.place} ?`
      : kind === 'what' ? `what did the ${e.s} ${baseOf(e)} ${e.place} ?`
        : kind === 'where' ? `where did the ${e.s} ${baseOf(e)} the ${e.o} ?`
          : `when did the ${e.s} ${baseOf(e)} the ${e.o} ?`;
  const lead = chance(rng, 0.3) ? rng.pick(['according to the story , ', 'in the end , ', 'it is said that ']) : '';
  // optional slots that were not asked for are dropped sometimes
  const place = kind === 'where' || chance(rng, 0.7) ? e.place : '';
  const time = kind === 'when' || chance(rng, 0.7) ? e.time : '';
  if (label === 0) {
    const passive = chance(rng, 0.3);
    const core = passive ? `the ${e.o} was ${partOf(e)} by the ${e.s}` : `the ${e.s} ${pastOf(e)} the ${e.o}`;
    return { text: q, textPair: `${lead}${joinWords(core, place, time)} .` };
  }
  const r = rng.next();
  if (r < 0.35) {
    // another event
    const f = { ...newEvent(rng), s: other(rng, SUBJECTS.map((x) => x[0]), e.s), o: other(rng, OBJECTS, e.o) };
    return { text: q, textPair: `${lead}${joinWords(`the ${f.s} ${pastOf(f)} the ${f.o}`, f.place, chance(rng, 0.7) ? f.time : '')} .` };
  }
  if (r < 0.75) {
    // the same event without the asked slot
    const s =
      kind === 'who' ? joinWords(`the ${e.o} was ${partOf(e)}`, e.place, time)
        : kind === 'what' ? joinWords(`the ${e.s} ${pastOf(e)} it`, e.place, time)
          : kind === 'where' ? joinWords(`the ${e.s} ${pastOf(e)} the ${e.o}`, e.time)
            : joinWords(`the ${e.s} ${pastOf(e)} the ${e.o}`, e.place);
    return { text: q, textPair: `${lead}${s} .` };
  }
  // the same person doing something else
  const v = other(rng, VERBS, e.v);
  return { text: q, textPair: `${lead}${joinWords(`the ${e.s} ${v.past} the ${other(rng, OBJECTS, e.o)}`, place, time)} .` };
}

// ----------------------------------------------------------------------------------------------- rte

const SOURCES = ['officials', 'reporters', 'witnesses', 'neighbors', 'the police'];

/** RTE ids: 0 entailment, 1 not_entailment. */
function reported(rng: Rng, label: number): Generated {
  const [s1, s2] = rng.shuffle(SUBJECTS.map((x) => x[0])).slice(0, 2);
  const [v1, v2, v3] = rng.shuffle(VERBS).slice(0, 3);
  const [o1, o2, o3] = rng.shuffle(OBJECTS).slice(0, 3);
  const place = rng.pick(PLACES);
  const premise = `${rng.pick(SOURCES)} said ${rng.pick(DAYS)} that the ${s1} ${v1.past} the ${o1} ${place} , and later the ${s2} ${v2.past} the ${o2} .`;
  const pickEvent = () => (chance(rng, 0.5) ? { s: s1, v: v1, o: o1 } : { s: s2, v: v2, o: o2 });
  if (label === 0) {
    const e = pickEvent();
    const r = rng.next();
    const h = r < 0.5 ? `the ${e.s} ${e.v.past} the ${e.o}` : r < 0.75 ? `the ${e.o} was ${participle(e.v)} by the ${e.s}` : `the ${e.s} ${e.v.syn[0]} the ${e.o}`;
    return { text: premise, textPair: `${h} .` };
  }
  const r = rng.next();
  const e = pickEvent();
  let h: string;
  if (r < 0.3) h = rng.pick([`the ${e.s} did not ${e.v.base} the ${e.o}`, `the ${e.s} never ${e.v.past} the ${e.o}`]);
  else if (r < 0.6) h = e.s === s1 ? `the ${s2} ${v1.past} the ${o1}` : `the ${s1} ${v2.past} the ${o2}`; // roles swapped
  else h = rng.pick([`the ${e.s} ${v3.past} the ${o3}`, `the ${e.s} ${e.v.past} the ${o3}`]);
  return { text: premise, textPair: `${h} .` };
}

// ------------------------------------------------------------------------------------------- registry

interface DemoTask {
  /** label proportions (sum 1); stsb: the proportions of the integer similarity k = 0..5 */
  prior: number[];
  gen: Gen;
  /** in demoCorpus: the label whose text is drawn (cola: acceptable sentences only); absent = any */
  corpusLabel?: number;
}

const DEMO_TASKS: Record<GlueTask, DemoTask> = {
  cola: { prior: [0.45, 0.55], gen: acceptability, corpusLabel: 1 },
  sst2: { prior: [0.5, 0.5], gen: sentiment },
  mrpc: { prior: [0.45, 0.55], gen: paraphrase },
  stsb: { prior: [1, 1, 1, 1, 1, 1].map((x) => x / 6), gen: similarity },
  qqp: { prior: [0.55, 0.45], gen: question },
  mnli: { prior: [1 / 3, 1 / 3, 1 / 3], gen: nli },
  qnli: { prior: [0.5, 0.5], gen: answerable },
  rte: { prior: [0.5, 0.5], gen: reported },
  // WNLI's ids are flipped (0 = not_entailment, 1 = entailment)
  wnli: { prior: [0.5, 0.5], gen: (rng, label) => reported(rng, 1 - label) },
};

/** Exactly round(prior * n) examples of each label (the remainder to the first labels), in seeded order. */
function labelsFor(prior: number[], n: number, rng: Rng): number[] {
  const counts = prior.map((p) => Math.floor(p * n));
  for (let i = 0, left = n - counts.reduce((a, b) => a + b, 0); left > 0; i = (i + 1) % counts.length, left--) counts[i]++;
  return rng.shuffle(counts.flatMap((c, label) => Array.from({ length: c }, () => label)));
}

/**
 * One split of the demo suite for a task. MNLI's validation_mismatched (and test_mismatched) come from
 * other genres than train and validation_matched. STS-B labels are scores in [0, 5].
 */
export function demoGlueSplit(task: GlueTask, seed: number, split: string, n: number): GlueExample[] {
  const spec = DEMO_TASKS[task];
  const rng = new Rng(seedFor(seed, `${task}/${split}`));
  const genre: Genre = split.endsWith('mismatched') ? 'mismatched' : 'matched';
  return labelsFor(spec.prior, n, rng).map((label, idx) => {
    const g = spec.gen(rng, label, genre);
    const y = g.label ?? label;
    return g.textPair === undefined ? { text: g.text, label: y, idx } : { text: g.text, textPair: g.textPair, label: y, idx };
  });
}

/**
 * Unlabeled sentences from every demo grammar (for a tiny MLM pretraining), seeded: tasks drawn
 * uniformly, both sentences of a pair, every MNLI genre, and only well-formed CoLA sentences (the corpus
 * is the "language" the encoder learns; CoLA's corrupted sentences are what it has not seen).
 */
export function demoCorpus(seed: number, n: number): string[] {
  const rng = new Rng(seedFor(seed, 'corpus'));
  const tasks = (Object.keys(DEMO_TASKS) as GlueTask[]).filter((t) => t !== 'wnli');
  const out: string[] = [];
  while (out.length < n) {
    const spec = DEMO_TASKS[rng.pick(tasks)];
    const ex = spec.gen(rng, spec.corpusLabel ?? rng.int(spec.prior.length), 'any');
    out.push(ex.text);
    if (ex.textPair !== undefined && out.length < n) out.push(ex.textPair);
  }
  return out;
}

/**
 * Sentence pairs from the demo pair grammars (mrpc, stsb, qqp, mnli, qnli, rte), seeded, for a pretraining
 * objective that sees both sentences in one sequence (so the encoder learns to compare them).
 */
export function demoCorpusPairs(seed: number, n: number): { text: string; textPair: string }[] {
  const rng = new Rng(seedFor(seed, 'corpus-pairs'));
  const tasks: GlueTask[] = ['mrpc', 'stsb', 'qqp', 'mnli', 'qnli', 'rte'];
  return Array.from({ length: n }, () => {
    const spec = DEMO_TASKS[rng.pick(tasks)];
    const ex = spec.gen(rng, rng.int(spec.prior.length), 'any');
    return { text: ex.text, textPair: ex.textPair! };
  });
}

/** A stable sub-seed per (seed, stream name), so splits and tasks never share a random stream. */
export function seedFor(seed: number, name: string): number {
  let h = seed | 0;
  for (let i = 0; i < name.length; i++) h = (Math.imul(h, 31) + name.charCodeAt(i)) | 0;
  return h;
}
