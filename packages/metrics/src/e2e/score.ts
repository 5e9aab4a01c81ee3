/**
 * The five numbers of the official E2E scorer (measure_scores.py): BLEU and NIST on mteval-tokenised
 * raw text; METEOR, ROUGE-L and CIDEr-D on pycocoevalcap's PTB-tokenised text.
 */
import { InputError } from '@peftbench/util';
import { mtevalScores } from './bleu-nist.ts';
import { cocoTokenize } from './ptb-tokenize.ts';
import { rougeL } from './rouge-l.ts';
import { ciderD } from './cider.ts';
import { meteor } from './meteor/scorer.ts';
import { MeteorJar } from './meteor/jar.ts';

export interface E2EScores { bleu: number; nist: number; meteor: number; rougeL: number; cider: number }
export interface E2ESegmentScores { meteor: number[]; rougeL: number[]; cider: number[] }
export interface E2EResult extends E2EScores { segments: E2ESegmentScores; timings: Record<string, number>; meteorSource: 'typescript' | 'jar' }

function check(hyps: readonly string[], refs: readonly (readonly string[])[]): void {
  if (hyps.length !== refs.length) throw new InputError(`scoreE2E: ${hyps.length} hypotheses but ${refs.length} reference groups`);
  if (hyps.length === 0) throw new InputError('scoreE2E: nothing to score');
  refs.forEach((r, i) => { if (r.length === 0) throw new InputError(`scoreE2E: segment ${i} has no references`); });
}

/** Wall-clock ms under `name`, CPU ms (user + system of this process) under `name:cpu`. */
function timed<T>(timings: Record<string, number>, name: string, f: () => T): T {
  const t = performance.now(), c = process.cpuUsage();
  const out = f();
  const cpu = process.cpuUsage(c);
  timings[name] = (timings[name] ?? 0) + performance.now() - t;
  timings[`${name}:cpu`] = (timings[`${name}:cpu`] ?? 0) + (cpu.user + cpu.system) / 1000;
  return out;
}

function scoreExceptMeteor(hyps: readonly string[], refs: readonly (readonly string[])[], timings: Record<string, number>) {
  const mt = timed(timings, 'bleu+nist', () => mtevalScores(hyps, refs));
  const tokHyps = timed(timings, 'ptb-tokenize', () => hyps.map(cocoTokenize));
  const tokRefs = timed(timings, 'ptb-tokenize', () => refs.map((rs) => rs.map(cocoTokenize)));
  const rouge = timed(timings, 'rouge-l', () => rougeL(tokHyps, tokRefs));
  const cider = timed(timings, 'cider', () => ciderD(tokHyps, tokRefs));
  return { mt, tokHyps, tokRefs, rouge, cider };
}

/** All five metrics in TypeScript (METEOR without the paraphrase table; see README). */
export function scoreE2E(hyps: readonly string[], refs: readonly (readonly string[])[]): E2EResult {
  check(hyps, refs);
  const timings: Record<string, number> = {};
  const { mt, tokHyps, tokRefs, rouge, cider } = scoreExceptMeteor(hyps, refs, timings);
  const met = timed(timings, 'meteor', () => meteor(tokHyps, tokRefs));
  return {
    bleu: mt.bleu, nist: mt.nist, meteor: met.score, rougeL: rouge.score, cider: cider.score,
    segments: { meteor: met.segments, rougeL: rouge.segments, cider: cider.segments }, timings, meteorSource: 'typescript',
  };
}

/** As scoreE2E, with METEOR from the official meteor-1.5.jar (`java` on PATH). */
export async function scoreE2EWithJar(
  hyps: readonly string[], refs: readonly (readonly string[])[], jarPath: string, javaCommand = 'java',
): Promise<E2EResult> {
  check(hyps, refs);
  const timings: Record<string, number> = {};
  const { mt, tokHyps, tokRefs, rouge, cider } = scoreExceptMeteor(hyps, refs, timings);
  const t = performance.now();
  const jar = new MeteorJar(jarPath, javaCommand);
  try {
    const met = await jar.score(tokHyps, tokRefs);
    timings.meteor = performance.now() - t;
    return {
      bleu: mt.bleu, nist: mt.nist, meteor: met.score, rougeL: rouge.score, cider: cider.score,
      segments: { meteor: met.segments, rougeL: rouge.segments, cider: cider.segments }, timings, meteorSource: 'jar',
    };
  } finally {
    jar.close();
  }
}

/** measure_scores.py's printout. */
export function formatE2EScores(s: E2EScores): string {
  return ['SCORES:', '==============', `BLEU: ${s.bleu.toFixed(4)}`, `NIST: ${s.nist.toFixed(4)}`, `METEOR: ${s.meteor.toFixed(4)}`,
    `ROUGE_L: ${s.rougeL.toFixed(4)}`, `CIDEr: ${s.cider.toFixed(4)}`, ''].join('\n');
}
