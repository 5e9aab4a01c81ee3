/**
 * METEOR 1.5's aligner (edu.cmu.meteor.aligner.Aligner, Denkowski & Lavie 2014 sec. 2.1) for the
 * one-word modules: exact, stem, synonym. Every candidate match is listed per reference position;
 * matches that are the only candidate for both their words are fixed; the rest is resolved by a beam
 * search (beam 40) left to right over the reference, ranking partial alignments by (1) weighted
 * matched words, with the jar's search weights 1 / 0.5 / 0.5 accumulated in an int (so stem and
 * synonym matches add nothing there), (2) fewer chunks, (3) smaller summed |position difference| —
 * including the jar's quirk of charging that distance to the parent path.
 */
import { stem, synonymSets, FUNCTION_WORDS } from './resources.ts';

export const MODULE_EXACT = 0, MODULE_STEM = 1, MODULE_SYNONYM = 2;
const SEARCH_WEIGHTS = [1.0, 0.5, 0.5];
const BEAM = 40;

interface Match { module: number; start: number; matchStart: number } // 1-word matches: length 1

/** A search path. Chosen matches form a linked list shared between paths (no array copies). */
interface Path {
  chosen: Chosen | null;
  matches1: number; matches2: number; // ints, as in the jar
  chunks: number; idx: number; lastMatchEnd: number; distance: number;
  /** Bitset of used hypothesis words (31 bits per number). */
  used1: number[];
  key: number;
}
interface Chosen { m: Match; prev: Chosen | null }

function copyPath(p: Path): Path {
  return {
    chosen: p.chosen, matches1: p.matches1, matches2: p.matches2, chunks: p.chunks, idx: p.idx,
    lastMatchEnd: p.lastMatchEnd, distance: p.distance, used1: p.used1.slice(), key: 0,
  };
}

const isUsed = (bits: number[], i: number) => (bits[(i / 31) | 0] & (1 << i % 31)) !== 0;
const setUsed = (bits: number[], i: number) => { bits[(i / 31) | 0] |= 1 << i % 31; };

function compare(x: Path, y: Path): number {
  const diff = y.matches1 + y.matches2 - (x.matches1 + x.matches2);
  if (diff !== 0) return diff > 0 ? 1 : -1;
  if (x.chunks !== y.chunks) return x.chunks - y.chunks;
  return x.distance - y.distance;
}

export interface Alignment {
  testLength: number; refLength: number;
  testFunctionWords: number; refFunctionWords: number;
  /** Per module: [test content, ref content, test function, ref function] matched words. */
  moduleMatches: number[][];
  chunks: number;
}

export function align(test: readonly string[], ref: readonly string[], modules = 3): Alignment {
  const n1 = test.length, n2 = ref.length;
  const candidates: Match[][] = Array.from({ length: n2 }, () => []);
  const cov1 = new Uint32Array(n1), cov2 = new Uint32Array(n2);
  const add = (module: number, j: number, i: number) => {
    candidates[j].push({ module, start: j, matchStart: i });
    cov1[i]++; cov2[j]++;
  };
  // identical sentences: exact matching only (the jar's guard against beam errors)
  const identical = n1 === n2 && test.every((w, i) => w === ref[i]);
  const used = identical ? 1 : modules;
  for (let j = 0; j < n2; j++) for (let i = 0; i < n1; i++) if (test[i] === ref[j]) add(MODULE_EXACT, j, i);
  if (used > MODULE_STEM) {
    const s1 = test.map(stem), s2 = ref.map(stem);
    for (let j = 0; j < n2; j++) for (let i = 0; i < n1; i++) if (s1[i] === s2[j] && test[i] !== ref[j]) add(MODULE_STEM, j, i);
  }
  if (used > MODULE_SYNONYM) {
    const y1 = test.map(synonymSets), y2 = ref.map(synonymSets);
    for (let j = 0; j < n2; j++) {
      for (let i = 0; i < n1; i++) {
        if (test[i] === ref[j]) continue;
        let shared = false;
        for (const id of y1[i]) if (y2[j].has(id)) { shared = true; break; }
        if (shared) add(MODULE_SYNONYM, j, i);
      }
    }
  }

  // one-to-one, non-overlapping matches are definite
  const fixed: (Match | null)[] = new Array(n2).fill(null);
  const start: Path = {
    chosen: null, matches1: 0, matches2: 0, chunks: 0, idx: 0, lastMatchEnd: -1, distance: 0,
    used1: new Array(Math.ceil(n1 / 31) + 1).fill(0), key: 0,
  };
  for (let j = 0; j < n2; j++) {
    if (candidates[j].length !== 1) continue;
    const m = candidates[j][0];
    if (cov2[j] === 1 && cov1[m.matchStart] === 1) { fixed[j] = m; setUsed(start.used1, m.matchStart); }
  }
  const bestPath = resolve(candidates, fixed, start);
  const best = { matches: fixed.slice() };
  for (let c = bestPath.chosen; c; c = c.prev) best.matches[c.m.start] = c.m;

  const isFn1 = test.map((w) => FUNCTION_WORDS.has(w.toLowerCase()));
  const isFn2 = ref.map((w) => FUNCTION_WORDS.has(w.toLowerCase()));
  const moduleMatches = Array.from({ length: modules }, () => [0, 0, 0, 0]);
  for (const m of best.matches) {
    if (!m) continue;
    moduleMatches[m.module][isFn1[m.matchStart] ? 2 : 0]++;
    moduleMatches[m.module][isFn2[m.start] ? 3 : 1]++;
  }
  // chunks of the final alignment (getCountAndChunks)
  let chunks = 0, lastMatchEnd = -1;
  for (let idx = 0; idx < n2; ) {
    const m = best.matches[idx];
    if (!m) { if (lastMatchEnd !== -1) { chunks++; lastMatchEnd = -1; } idx++; }
    else { if (lastMatchEnd !== -1 && m.matchStart !== lastMatchEnd) chunks++; idx = m.start + 1; lastMatchEnd = m.matchStart + 1; }
  }
  if (lastMatchEnd !== -1) chunks++;
  return {
    testLength: n1, refLength: n2,
    testFunctionWords: isFn1.filter(Boolean).length, refFunctionWords: isFn2.filter(Boolean).length,
    moduleMatches, chunks,
  };
}

function takeMatch(p: Path, m: Match): void {
  p.matches1 = Math.trunc(p.matches1 + SEARCH_WEIGHTS[m.module]); // Java int += double
  p.matches2 = Math.trunc(p.matches2 + SEARCH_WEIGHTS[m.module]);
  if (p.lastMatchEnd !== -1 && m.matchStart !== p.lastMatchEnd) p.chunks++;
  p.idx = m.start + 1;
  p.lastMatchEnd = m.matchStart + 1;
}

/**
 * The jar's ordering, as one number when the fields fit (a numeric key sorts several times faster than
 * the three-field comparator; both sorts are stable, so the order is the same).
 */
function sortPaths(paths: Path[]): Path[] {
  for (const p of paths) {
    const m = p.matches1 + p.matches2;
    if (m > 1023 || p.chunks > 1023 || p.distance > 2 ** 31 - 1) return paths.sort(compare);
    p.key = (1023 - m) * 2 ** 41 + p.chunks * 2 ** 31 + p.distance;
  }
  return paths.sort((a, b) => a.key - b.key);
}

function resolve(candidates: Match[][], fixed: (Match | null)[], start: Path): Path {
  let next: Path[] = [start];
  for (let current = 0; current <= candidates.length; current++) {
    const paths = next.length > 1 ? sortPaths(next) : next;
    next = [];
    for (let rank = 0; rank < BEAM && rank < paths.length; rank++) {
      const path = paths[rank];
      if (current === candidates.length) {
        if (path.lastMatchEnd !== -1) path.chunks++;
        next.push(path);
        continue;
      }
      if (fixed[current]) {
        if (current < path.idx) next.push(path);
        else if (fixed[path.idx]) {
          const m = fixed[path.idx]!;
          takeMatch(path, m);
          path.distance += Math.abs(m.start - m.matchStart);
          next.push(path);
        }
        continue;
      }
      for (const m of candidates[current]) {
        if (isUsed(path.used1, m.matchStart)) continue;
        const np = copyPath(path);
        setUsed(np.used1, m.matchStart);
        np.chosen = { m, prev: path.chosen };
        takeMatch(np, m);
        path.distance += Math.abs(m.start - m.matchStart); // the jar adds it to the parent path
        next.push(np);
      }
      if (path.lastMatchEnd !== -1) { path.chunks++; path.lastMatchEnd = -1; }
      path.idx++;
      next.push(path);
    }
    if (next.length === 0) next.push(paths[0]);
  }
  return sortPaths(next)[0];
}
