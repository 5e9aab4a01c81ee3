import { parseArgs } from 'node:util';
import { InputError } from '@peftbench/util';
import type { DataSource } from '../common/source.ts';
import { GLUE_TASKS } from '../glue/tasks.ts';
import { inspectConll, inspectE2e, inspectGlue, inspectMath, type InspectOptions } from './inspect.ts';

const FAMILIES = { glue: inspectGlue, e2e: inspectE2e, conll: inspectConll, math: inspectMath } as const;

export const DATA_USAGE = `usage: peftbench data inspect <glue|e2e|conll|math> [options]

Prints split sizes, label / slot statistics and three encoded examples decoded back to text.

options:
  --data <dir>        a folder in the official layout (glue_data/, the e2e-dataset CSVs,
                      CoNLL-2003 train/valid/test.txt, the LLM-Adapters repo); default: demo data
  --hub               read from the hub instead (Hugging Face cache: HF_HUB_CACHE, HF_HOME/hub, ~/.cache/huggingface/hub)
  --repo <id>         hub dataset repo (math needs one); --revision <rev>; --hub-url <url>
  --task <name>       GLUE task: ${GLUE_TASKS.join(', ')} (required for glue)
  --file <split=path> GLUE: read a split from another file in the task folder (repeatable),
                      e.g. --file train=train.random-subset-23497.noheader.tsv
  --seed <n>          demo data seed (default 0)
  --tokenizer <path>  tokenizer.json or a model folder (default: GPT-2 byte-level BPE)
  --max-length <n>    encoder max length (default 128)
  --skip-bad-rows     skip and count rows that do not parse, reported at the end`;

/** `peftbench data …`: returns the exit code (0 ok, 2 usage); bad input throws InputError (exit 1). */
export async function runDataCli(argv: string[], print: (line: string) => void = (l) => console.log(l)): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        data: { type: 'string' }, hub: { type: 'boolean' }, repo: { type: 'string' }, revision: { type: 'string' }, 'hub-url': { type: 'string' },
        task: { type: 'string' }, seed: { type: 'string' }, tokenizer: { type: 'string' }, 'max-length': { type: 'string' },
        'skip-bad-rows': { type: 'boolean' }, file: { type: 'string', multiple: true }, help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (err) {
    console.error(`peftbench data: ${(err as Error).message.split('\n')[0].replace(/\. To specify a positional argument.*$/, '')} (see peftbench data --help)`);
    return 2;
  }
  const { values: v, positionals } = parsed;
  if (v.help) {
    print(DATA_USAGE);
    return 0;
  }
  const [command, family] = positionals;
  if (command !== 'inspect' || !family || !(family in FAMILIES)) {
    console.error(`peftbench data: ${command !== 'inspect' ? `unknown subcommand '${command ?? ''}'` : `unknown family '${family ?? ''}'`}\n\n${DATA_USAGE}`);
    return 2;
  }
  if (family === 'glue' && !v.task) {
    console.error(`peftbench data inspect glue: --task is required (${GLUE_TASKS.join(', ')})`);
    return 2;
  }
  const int = (name: string, value: string | undefined, dflt: number) => {
    if (value === undefined) return dflt;
    const n = Number(value);
    if (!Number.isInteger(n)) throw new InputError(`--${name}: expected an integer, got '${value}'`);
    return n;
  };
  const source: DataSource = v.hub
    ? { kind: 'hub', repo: v.repo, revision: v.revision, hubUrl: v['hub-url'] }
    : v.data
      ? { kind: 'folder', dir: v.data }
      : { kind: 'demo', seed: int('seed', v.seed, 0) };
  const files: Record<string, string> = {};
  for (const f of v.file ?? []) {
    const eq = f.indexOf('=');
    if (eq < 1) throw new InputError(`--file: expected split=path, got '${f}'`);
    files[f.slice(0, eq)] = f.slice(eq + 1);
  }
  const opts: InspectOptions = {
    files, source, task: v.task, skipBadRows: v['skip-bad-rows'] ?? false, tokenizer: v.tokenizer, maxLength: int('max-length', v['max-length'], 128) };
  await FAMILIES[family as keyof typeof FAMILIES](opts, print);
  return 0;
}
