/** `npx nx run experiments:pretrain [-- --recipe tiny-roberta --data <glue dir>]` */
import { parseArgs } from 'node:util';
import { InputError } from '@peftbench/util';
import { ensurePretrained } from './pretrain.ts';
import { RECIPES } from './recipe.ts';

const HELP = `usage: nx run experiments:pretrain [-- options]

MLM-pretrains a tiny RoBERTa-shaped encoder offline (cached by recipe + corpus) and prints its folder.

  --recipe <name[:k=v,...]>  ${Object.keys(RECIPES).join(' | ')} (default tiny-roberta), e.g. tiny-roberta:steps=1000
  --data <dir>               pretrain on the GLUE training sentences in this glue_data folder (default: demo corpus)
  --help`;

export async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { recipe: { type: 'string', default: 'tiny-roberta' }, data: { type: 'string' }, help: { type: 'boolean' } } });
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  const tty = process.stdout.isTTY;
  let lastLine = 0;
  const dir = await ensurePretrained(values.recipe!, {
    corpus: values.data ? { kind: 'glue', dir: values.data } : { kind: 'demo' },
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
    console.error(err instanceof InputError ? `pretrain: ${err.message}` : err);
    process.exit(1);
  },
);
