/**
 * `peftbench convert llama2c --checkpoint <bin> --tokenizer <bin> --out <dir>`.
 * Returns the exit code; bad flags throw InputError (the dispatcher prints the message).
 */
import { parseArgs } from 'node:util';
import { InputError } from '@peftbench/util';
import { convertLlama2c } from './llama2c.ts';

const USAGE = 'usage: peftbench convert llama2c --checkpoint <model.bin> --tokenizer <tokenizer.bin> --out <dir>';

export async function runConvertCli(argv: string[]): Promise<number> {
  const [format, ...rest] = argv;
  if (!format || format === '--help' || format === '-h') {
    console.log(USAGE);
    return format ? 0 : 2;
  }
  if (format !== 'llama2c') throw new InputError(`convert [format]: unknown format '${format}' (known: llama2c)\n${USAGE}`);
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({ args: rest, options: { checkpoint: { type: 'string' }, tokenizer: { type: 'string' }, out: { type: 'string' } }, strict: true }));
  } catch (err) {
    throw new InputError(`convert llama2c: ${(err as Error).message}\n${USAGE}`);
  }
  for (const flag of ['checkpoint', 'tokenizer', 'out']) {
    if (typeof values[flag] !== 'string' || values[flag] === '') throw new InputError(`convert llama2c [--${flag}]: required\n${USAGE}`);
  }
  const r = convertLlama2c({ checkpoint: values.checkpoint as string, tokenizer: values.tokenizer as string, out: values.out as string });
  console.log(`wrote ${r.outDir}: ${r.tensors} tensors, ${r.parameters} parameters, vocabulary ${r.vocabSize}`);
  return 0;
}
