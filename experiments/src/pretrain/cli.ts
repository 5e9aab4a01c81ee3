/** `npx nx run experiments:pretrain [-- --recipe tiny-roberta --data <glue dir>]` */
import { parseArgs } from 'node:util';
import { InputError } from '@peftbench/util';
import { ensurePretrained } from './pretrain.ts';
import { ensurePretrainedDecoder } from './decoder.ts';
import { RECIPES, parseRecipe } from './recipe.ts';

const HELP = `usage: nx run experiments:pretrain [-- options]

MLM-pretrains a tiny RoBERTa-shaped encoder, or (gpt2 recipes) trains a tiny GPT-2-shaped causal LM, offline
(cached by recipe + corpus) and prints its folder.

  --recipe <name[:k=v,...]>  ${Object.keys(RECIPES).join(' | ')} (default tiny-roberta), e.g. tiny-roberta:steps=1000
  --data <dir>               encoders: the GLUE training sentences in this glue_data folder; decoders (tiny-gpt2,
                             micro-gpt2): the E2E training text of this E2E folder (trainset.csv, else 80% of the
                             dev MRs; never test references). Default: the demo corpus / demo E2E training split
  --help`;

export async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { recipe: { type: 'string', default: 'tiny-roberta' }, data: { type: 'string' }, help: { type: 'boolean' } } });
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  const tty = process.stdout.isTTY;
  let lastLine = 0;
  const decoder = parseRecipe(values.recipe!).arch === 'gpt2';
  const pretrain = (o: { log: (l: string) => void; onProgress: (p: { step: number; totalSteps: number; loss: number }) => void }) =>
    decoder
      ? ensurePretrainedDecoder(values.recipe!, { corpus: values.data ? { kind: 'folder', dir: values.data } : { kind: 'demo' }, ...o })
      : ensurePretrained(values.recipe!, { corpus: values.data ? { kind: 'glue', dir: values.data } : { kind: 'demo' }, ...o });
  const dir = await pretrain({
    log: (l) => console.log(l),
    onProgress: (p) => {
      const line = `pretrain step ${p.step}/${p.totalSteps} loss ${p.loss.toFixed(3)}`;
      if (tty) process.stdout.write(`\r${line}`);
      else if (p.step === p.totalSteps || Date.now() - lastLine > 5000) {
        console.log(line);
        lastLine = Date.now();
      }
    },
  });
  if (tty) process.stdout.write('\n');
  console.log(dir);
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err) => {
    // bad flags (node:util parseArgs) and bad input: one line, no stack
    const usageError = typeof (err as NodeJS.ErrnoException)?.code === 'string' && (err as NodeJS.ErrnoException).code!.startsWith('ERR_PARSE_ARGS');
    console.error(err instanceof InputError || usageError ? `pretrain: ${(err as Error).message}${usageError ? ' (see --help)' : ''}` : err);
    process.exit(usageError ? 2 : 1);
  },
);
