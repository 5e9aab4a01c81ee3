/** `peftbench score e2e --hyp outputs.txt --refs testset_w_refs.csv [--format csv|txt] [--json out.json] [--meteor-jar jar]` */
import { spawnSync } from 'node:child_process';
import { InputError, writeJsonAtomic } from '@peftbench/util';
import { loadHypotheses, loadReferences, checkCounts } from '../io/e2e-files.ts';
import { scoreE2E, scoreE2EWithJar, formatE2EScores } from '../e2e/score.ts';
import { parseFlags, required } from './args.ts';

export const E2E_USAGE = 'score e2e --hyp <outputs.txt> --refs <refs.csv|refs.txt> [--format csv|txt] [--json <out.json>] [--meteor-jar <meteor-1.5.jar>]';

export async function runScoreE2E(argv: string[]): Promise<number> {
  const f = parseFlags(argv, {
    hyp: { type: 'string' }, refs: { type: 'string' }, format: { type: 'string' }, json: { type: 'string' },
    'meteor-jar': { type: 'string' }, java: { type: 'string' },
  }, 'e2e');
  const hypFile = required(f.hyp, 'hyp', 'e2e'), refFile = required(f.refs, 'refs', 'e2e');
  if (f.format && f.format !== 'csv' && f.format !== 'txt') throw new InputError(`score e2e: --format must be csv or txt, got '${f.format}'`);
  const refs = loadReferences(refFile, f.format as 'csv' | 'txt' | undefined);
  const hyps = loadHypotheses(hypFile);
  checkCounts(hyps, refs, hypFile, refFile);
  let result;
  if (f['meteor-jar']) {
    const java = f.java ?? 'java';
    if (spawnSync(java, ['-version']).error) throw new InputError(`score e2e: --meteor-jar needs '${java}' on PATH`);
    result = await scoreE2EWithJar(hyps, refs.refs, f['meteor-jar'], java);
  } else {
    result = scoreE2E(hyps, refs.refs);
  }
  process.stdout.write(formatE2EScores(result) + '\n');
  if (f.json) {
    writeJsonAtomic(f.json, {
      hyp: hypFile, refs: refFile, mrs: refs.mrs.length, references: refs.refs.flat().length,
      BLEU: result.bleu, NIST: result.nist, METEOR: result.meteor, ROUGE_L: result.rougeL, CIDEr: result.cider,
      meteorSource: result.meteorSource,
    });
  }
  return 0;
}
