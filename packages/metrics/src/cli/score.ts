/** `peftbench score e2e|ner|math ...`: returns the exit code; bad input raises InputError. */
import { InputError } from '@peftbench/util';
import { runScoreE2E, E2E_USAGE } from './score-e2e.ts';
import { runScoreNer, NER_USAGE } from './score-ner.ts';
import { runScoreMath, MATH_USAGE } from './score-math.ts';

const USAGE = ['usage: peftbench', `  ${E2E_USAGE}`, `  ${NER_USAGE}`, `  ${MATH_USAGE}`].join('\n');

export async function runScoreCli(argv: string[]): Promise<number> {
  const [what, ...rest] = argv;
  if (!what || what === '--help' || what === '-h') {
    console.log(USAGE);
    return what ? 0 : 2;
  }
  if (what === 'e2e') return runScoreE2E(rest);
  if (what === 'ner') return runScoreNer(rest);
  if (what === 'math') return runScoreMath(rest);
  throw new InputError(`score: unknown task '${what}'\n${USAGE}`);
}
