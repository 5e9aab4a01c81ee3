/** `npx nx run experiments:pretrain [-- --recipe tiny-roberta --data <glue dir>]` */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { parseArgs } from 'node:util';
import { readManifest, sha256File, shipBackbone } from '@peftbench/backbones';
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
  --corpus math             decoders: pretrain on the math training text (demo arithmetic, or Math10K with --data)
  --fresh                   pretrain even when the repo ships this backbone (packages/backbones) or the cache
                            has it, into a temp cache, and say whether its model.safetensors sha256 equals the
                            shipped one (the shipped bytes regenerate from their recipe)
  --ship                    copy the result into packages/backbones and record its sha256 in the manifest
  --probe                   encoders: after pretraining (or finding it cached / shipped), linear probes of the
                            frozen model on the demo GLUE tasks (probe.ts): ridge on the last layer's <s> (what
                            the classification head reads) and on the token mean, dev metric ×100 per task;
                            with --data, on the real SST-2, MRPC, CoLA, STS-B, RTE (2,000 training examples,
                            whole dev sets)
  --help`;

export async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: { recipe: { type: 'string', default: 'tiny-roberta' }, data: { type: 'string' }, corpus: { type: 'string' }, fresh: { type: 'boolean' }, ship: { type: 'boolean' }, probe: { type: 'boolean' }, help: { type: 'boolean' } },
  });
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  const tty = process.stdout.isTTY;
  let lastLine = 0;
  const decoder = parseRecipe(values.recipe!).arch === 'gpt2';
  if (values.probe && decoder) throw new InputError(`--probe: encoder recipes only (the probes are GLUE classifiers on <s>)`);
  if (values.corpus !== undefined && (values.corpus !== 'math' || !decoder)) throw new InputError(`--corpus ${values.corpus}: only 'math', with a decoder recipe`);
  let freshCache: string | undefined;
  if (values.fresh) {
    process.env.PEFTBENCH_PRETRAIN_FRESH = '1';
    freshCache = mkdtempSync(join(tmpdir(), 'peftbench-fresh-'));
  }
  const dataSource = values.data ? { kind: 'folder' as const, dir: values.data } : { kind: 'demo' as const };
  const pretrain = (o: { log: (l: string) => void; onProgress: (p: { step: number; totalSteps: number; loss: number }) => void; cacheDir?: string }) =>
    decoder
      ? ensurePretrainedDecoder(values.recipe!, { corpus: values.corpus === 'math' ? { kind: 'math', data: dataSource } : dataSource, ...o })
      : ensurePretrained(values.recipe!, { corpus: values.data ? { kind: 'glue', dir: values.data } : { kind: 'demo' }, ...o });
  const dir = await pretrain({
    cacheDir: freshCache,
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
  if (values.fresh) {
    const entry = readManifest().backbones.find((b) => b.name === basename(dir));
    const sha = sha256File(join(dir, 'model.safetensors'));
    if (!entry) console.log(`model.safetensors sha256 ${sha} (no shipped backbone ${basename(dir)} to compare with)`);
    else if (entry.sha256['model.safetensors'] === sha) console.log(`model.safetensors sha256 ${sha}: equal to the shipped ${basename(dir)}`);
    else {
      console.error(`model.safetensors sha256 ${sha} differs from the shipped ${basename(dir)} (${entry.sha256['model.safetensors']})`);
      return 1;
    }
  }
  if (values.probe) {
    const { initBackend } = await import('@peftbench/core');
    const { probeBackbone, formatProbeTable } = await import('./probe.ts');
    const backend = await initBackend();
    // with --data: the real tasks the README reports (first 2,000 training examples, whole dev sets, pairs up to 128 tokens)
    const rows = values.data
      ? await probeBackbone(dir, ['sst2', 'mrpc', 'cola', 'stsb', 'rte'], { glueDir: values.data, maxLength: 128 })
      : await probeBackbone(dir, ['cola', 'sst2', 'mrpc', 'stsb', 'qqp', 'mnli', 'qnli', 'rte']);
    console.log(formatProbeTable(rows, backend.name, values.data ? `real GLUE (${values.data}): first 2,000` : 'demo'));
  }
  if (values.ship) {
    const entry = shipBackbone(dir);
    console.log(`shipped: packages/backbones/models/${entry.name} (${(entry.bytes / 1e6).toFixed(1)} MB, model.safetensors sha256 ${entry.sha256['model.safetensors']})`);
  }
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
