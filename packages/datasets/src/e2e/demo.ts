import { Rng } from '@peftbench/util';
import { seedFor } from '../glue/demo.ts';

/*
 * Demo E2E suite: restaurant MRs in the E2E slot vocabulary with 3-8 slots (name + 2..7 others, in
 * E2E's slot order), each realised by 3-5 references from per-slot phrase templates in shuffled order.
 * Grammar in README.md ("Demo E2E suite").
 */

const NAMES = ['The Olive Tree', 'Blue Lantern', 'The Copper Pot', 'Green Fig', 'The Old Mill', 'Red Door', 'The Salt House', 'Wild Thyme', 'Golden Goose', 'The Harbour'];
const SLOTS: [string, string[]][] = [
  ['eatType', ['coffee shop', 'pub', 'restaurant']],
  ['food', ['Chinese', 'English', 'French', 'Indian', 'Italian', 'Japanese', 'Fast food']],
  ['priceRange', ['cheap', 'moderate', 'high', 'less than £20', '£20-25', 'more than £30']],
  ['customer rating', ['low', 'average', 'high', '1 out of 5', '3 out of 5', '5 out of 5']],
  ['area', ['city centre', 'riverside']],
  ['familyFriendly', ['yes', 'no']],
  ['near', NAMES],
];

type Phrase = (v: string) => string;
const PHRASES: Record<string, Phrase[]> = {
  eatType: [(v) => `is a ${v}`, (v) => `is a ${v} venue`],
  food: [(v) => `serves ${v} food`, (v) => `offers ${v} dishes`],
  priceRange: [(v) => `has a ${v} price range`, (v) => `is priced ${v}`],
  'customer rating': [(v) => `has a ${v} customer rating`, (v) => `is rated ${v} by customers`],
  area: [(v) => `is in the ${v}`, (v) => `is located in the ${v} area`],
  familyFriendly: [(v) => (v === 'yes' ? 'is family friendly' : 'is not family friendly'), (v) => (v === 'yes' ? 'welcomes children' : 'does not welcome children')],
  near: [(v) => `is near ${v}`, (v) => `can be found near ${v}`],
};

function reference(rng: Rng, name: string, slots: [string, string][]): string {
  const clauses = rng.shuffle(slots).map(([s, v]) => rng.pick(PHRASES[s])(v));
  if (clauses.length === 1) return `${name} ${clauses[0]}.`;
  const head = clauses.slice(0, Math.min(2, clauses.length));
  const tail = clauses.slice(head.length);
  let text = `${name} ${head.join(' and ')}.`;
  if (tail.length > 0) text += ` It ${tail.slice(0, -1).join(', ')}${tail.length > 1 ? ' and ' : ''}${tail[tail.length - 1]}.`;
  return text;
}

/** Flat (mr, ref) pairs for one split: `nMrs` MRs with 3-5 references each, seeded. */
export function demoE2ePairs(seed: number, split: string, nMrs: number): { mr: string; ref: string }[] {
  const rng = new Rng(seedFor(seed, `e2e/${split}`));
  const out: { mr: string; ref: string }[] = [];
  for (let i = 0; i < nMrs; i++) {
    const name = rng.pick(NAMES);
    const k = 2 + rng.int(6); // 2..7 slots besides name: 3..8 in all
    const chosen = new Set(rng.shuffle(SLOTS.map((_, j) => j)).slice(0, k));
    const slots: [string, string][] = SLOTS.filter((_, j) => chosen.has(j)).map(([s, values]) => [s, s === 'near' ? pickOther(rng, values, name) : rng.pick(values)]);
    const mr = [`name[${name}]`, ...slots.map(([s, v]) => `${s}[${v}]`)].join(', ');
    const nRefs = 3 + rng.int(3);
    for (let r = 0; r < nRefs; r++) out.push({ mr, ref: reference(rng, name, slots) });
  }
  return out;
}

function pickOther(rng: Rng, values: string[], not: string): string {
  let v = rng.pick(values);
  while (v === not) v = rng.pick(values);
  return v;
}
