/**
 * Flags of the experiment commands and how they change a loaded sweep. Flags replace the sweep's value
 * (--tasks, --methods, --seeds, --data, --model); a method named in --methods keeps its per-method settings
 * from the sweep file when it has some. Changing data or model also changes the results folder's name, so
 * that each results folder holds one setting (one table).
 */
import { existsSync, statSync } from 'node:fs';
import { basename, isAbsolute, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { InputError, repoRoot } from '@peftbench/util';
import { ALL_BACKEND_NAMES, parseBackendName, type BackendName } from '@peftbench/core';
import type { Sweep } from './sweep-load.ts';
import { families } from './families.ts';
import { executorArgOptions, executorFlagsFrom, executorUsage, type ExecutorFlags } from './executors/cli-flags.ts';
import { methodNames } from './methods.ts';

/** What each family's quick profile (its default sweep) runs, for --help. */
const QUICK_DEFAULT: Record<string, string> = {
  glue: 'demo GLUE, shipped tiny encoder, FT / BitFit / LoRA / RED',
  e2e: 'demo E2E, shipped tiny GPT-2 decoder, FT / LoRA / RED / IT-Tuning',
  conll: 'demo NER, shipped tiny NER encoder, FT / LoRA / RED / ID3',
  math: 'demo arithmetic, tiny GPT-2 decoder, FT / LoRA / RED',
};

export const usage = (command = 'glue') => `usage: npx nx run experiments:${command} [-- <options>]
       (or: npx tsx experiments/src/cli.ts ${command} [options])

Runs a sweep (default: experiments/sweeps/${command}-quick.yaml: ${QUICK_DEFAULT[command] ?? 'the family\'s quick profile'},
2 seeds), writes one JSON per run under results/<sweep>/, resumes where a previous invocation stopped, then
writes the report tables to reports/${command}/ and prints them.

options:
  --profile quick|paper   quick (default): offline demo sweep for a laptop; paper: the papers'
                          hyperparameters (RED Table 9, RoBERTa-base), for a GPU machine
  --sweep <file>          a sweep file (YAML) instead of the profile's
  --data <dir>            a GLUE folder in the official layout (e.g. ../shared/data/glue)
  --model <spec>          hf:<id> | local:<dir> | pretrain:<recipe>
  --tasks <list>          e.g. rte,mrpc   (cola sst2 mrpc stsb qqp mnli qnli rte wnli)
  --methods <list>        e.g. lora,red   (full-ft bitfit lora red ...)
  --seeds <list>          e.g. 1,2,3 or 42..46
  --workers <n>           runs in parallel, one process each (default: CPU count, at most 4)
  --results <dir>         results root (default: <repo>/results)
  --reports <dir>         where report tables go (default: <repo>/reports/${command})
  --limit <n>             only the first n runs of the sweep (smoke checks)
  --max-steps <n>         bound every run to n optimizer steps (a quick trial of a paper profile)
  --train-limit <n>       train on a seeded sample of n examples per run
  --eval-limit <n>        evaluate on the first n examples of each evaluation split
  --micro-batch auto|<n>  rows per forward/backward; each batch's gradient is summed over micro-batches
                          (same gradients, less memory). auto: the largest whose planned peak memory
                          fits the backend (wasm: 4 GiB heap less 10% kept free; cpu: free RAM; GPU: its memory); the run
                          log and the result's provenance record the choice and the plan's estimate
  --gradient-checkpointing  recompute each layer's activations in the backward pass (same gradients,
                          ~1/3 more compute, a fraction of the activation memory)
  --backend <name>        the tfjs backend every run uses (sets PEFTBENCH_BACKEND for the workers):
                          ${ALL_BACKEND_NAMES.join(' | ')} (default: the first of tensorflow-gpu,
                          tensorflow, wasm, cpu that loads; webgpu only when named)
  --refresh               ask the hub again which commit 'main' is (default: the commit cached first);
                          every result records the model's and the dataset's commit
  --no-retry-failed       leave runs recorded as failed alone (default: run them again)
  --fresh-process         a new worker process for every run (default: one per worker slot)
  --no-report             skip the report tables
  -h, --help              this text

${executorUsage}

Relative paths are resolved against the repository root when run through nx (nx runs the command
inside experiments/), else against the current directory.`;

export interface CliOptions {
  profile: 'quick' | 'paper';
  sweep?: string;
  data?: string;
  model?: string;
  tasks?: string[];
  methods?: string[];
  seeds?: number[];
  workers?: number;
  /** Bounds applied to every run (they win over every layer of the sweep file; they change the run ids). */
  maxSteps?: number;
  trainLimit?: number;
  evalLimit?: number;
  /** Memory settings applied to every run (run spec keys microBatch, gradientCheckpointing; they change the run ids). */
  microBatch?: 'auto' | number;
  gradientCheckpointing?: boolean;
  /** --backend: forced for every run (PEFTBENCH_BACKEND in the workers). */
  backend?: BackendName;
  refresh?: boolean;
  results?: string;
  reports?: string;
  limit?: number;
  retryFailed: boolean;
  freshProcess: boolean;
  report: boolean;
  help: boolean;
  /** --executor, --dry-run, --requeue, --detach, --slurm-* (executors/cli-flags.ts). */
  executor: ExecutorFlags;
}

/** Where a relative path given on the command line points. nx runs the script inside experiments/. */
export function resolveUserPath(p: string): string {
  if (isAbsolute(p)) return p;
  const base = process.env.NX_TASK_TARGET_PROJECT ? (process.env.NX_WORKSPACE_ROOT ?? repoRoot) : process.cwd();
  return resolve(base, p);
}

const list = (flag: string, v: string | undefined): string[] | undefined => {
  if (v === undefined) return undefined;
  const items = v.split(',').map((s) => s.trim()).filter(Boolean);
  if (items.length === 0) throw new InputError(`--${flag}: expected a comma-separated list, got '${v}'`);
  return items;
};

const positiveInt = (flag: string, v: string | undefined, max = Number.MAX_SAFE_INTEGER): number | undefined => {
  if (v === undefined) return undefined;
  if (!/^\d+$/.test(v) || Number(v) < 1) throw new InputError(`--${flag}: expected a positive integer, got '${v}'`);
  if (Number(v) > max) throw new InputError(`--${flag}: ${v} is more than ${max}, the most that makes sense here`);
  return Number(v);
};

const positiveIntOrAuto = (v: string): number => {
  if (!/^\d+$/.test(v.trim()) || Number(v) < 1) throw new InputError(`--micro-batch: expected 'auto' or a positive integer, got '${v}'`);
  return Number(v);
};

/** Worker processes: each holds a model and a backend; more than this on one machine only thrashes. */
export const MAX_WORKERS = 64;

/** "1,2,3", "42..46" or a mix ("1,5..7"). */
export function parseSeeds(v: string): number[] {
  const seeds: number[] = [];
  for (const part of v.split(',').map((s) => s.trim()).filter(Boolean)) {
    const range = /^(\d+)\.\.(\d+)$/.exec(part);
    if (range) {
      const [a, b] = [Number(range[1]), Number(range[2])];
      if (b < a) throw new InputError(`--seeds: range '${part}' runs backwards`);
      for (let s = a; s <= b; s++) seeds.push(s);
    } else if (/^\d+$/.test(part)) seeds.push(Number(part));
    else throw new InputError(`--seeds: '${part}' is not a seed or a range like 42..46`);
  }
  if (seeds.length === 0) throw new InputError(`--seeds: no seeds in '${v}'`);
  if (new Set(seeds).size !== seeds.length) throw new InputError(`--seeds: a seed is listed twice in '${v}'`);
  return seeds;
}

export function parseCliArgs(argv: string[]): CliOptions {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        profile: { type: 'string' },
        sweep: { type: 'string' },
        data: { type: 'string' },
        model: { type: 'string' },
        tasks: { type: 'string' },
        methods: { type: 'string' },
        seeds: { type: 'string' },
        workers: { type: 'string' },
        results: { type: 'string' },
        reports: { type: 'string' },
        limit: { type: 'string' },
        'max-steps': { type: 'string' },
        'train-limit': { type: 'string' },
        'eval-limit': { type: 'string' },
        'micro-batch': { type: 'string' },
        'gradient-checkpointing': { type: 'boolean' },
        backend: { type: 'string' },
        refresh: { type: 'boolean' },
        'no-retry-failed': { type: 'boolean' },
        'fresh-process': { type: 'boolean' },
        'no-report': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
        ...executorArgOptions,
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (err) {
    throw new InputError((err as Error).message);
  }
  const profile = values.profile ?? 'quick';
  if (profile !== 'quick' && profile !== 'paper') throw new InputError(`--profile: expected quick or paper, got '${profile}'`);
  if (values.model !== undefined && !/^(pretrain|local|hf):.+$/.test(values.model)) {
    throw new InputError(`--model: expected hf:<id>, local:<dir> or pretrain:<recipe>, got '${values.model}'`);
  }
  return {
    profile,
    sweep: values.sweep,
    data: values.data,
    model: values.model,
    tasks: list('tasks', values.tasks),
    methods: list('methods', values.methods),
    seeds: values.seeds === undefined ? undefined : parseSeeds(values.seeds),
    workers: positiveInt('workers', values.workers, MAX_WORKERS),
    results: values.results,
    reports: values.reports,
    limit: positiveInt('limit', values.limit),
    maxSteps: positiveInt('max-steps', values['max-steps']),
    trainLimit: positiveInt('train-limit', values['train-limit']),
    evalLimit: positiveInt('eval-limit', values['eval-limit']),
    microBatch: values['micro-batch'] === undefined ? undefined : values['micro-batch'].trim() === 'auto' ? 'auto' : positiveIntOrAuto(values['micro-batch']),
    gradientCheckpointing: values['gradient-checkpointing'] ? true : undefined,
    backend: values.backend === undefined ? undefined : parseBackendName(values.backend.trim(), '--backend'),
    refresh: Boolean(values.refresh),
    retryFailed: !values['no-retry-failed'],
    freshProcess: Boolean(values['fresh-process']),
    report: !values['no-report'],
    help: Boolean(values.help),
    executor: executorFlagsFrom(values),
  };
}

const slug = (s: string) => s.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');

/** The sweep with the command line's overrides applied (checked against the family registry). */
export function applyOverrides(sweep: Sweep, o: CliOptions): Sweep {
  const fam = families[sweep.family];
  const out: Sweep = { ...sweep };
  if (o.tasks) {
    const bad = o.tasks.filter((t) => !fam.tasks.includes(t));
    if (bad.length) throw new InputError(`--tasks: unknown task '${bad[0]}' for ${sweep.family} (known: ${fam.tasks.join(', ')})`);
    out.tasks = [...new Set(o.tasks)];
  }
  if (o.methods) {
    const known = methodNames();
    const bad = o.methods.filter((m) => !known.includes(m));
    if (bad.length) throw new InputError(`--methods: unknown method '${bad[0]}' (known: ${known.join(', ')})`);
    // every entry of a method the sweep lists (several configs: ablation rows), else its preset, else its defaults
    out.methods = [...new Set(o.methods)].flatMap((name) => {
      const listed = sweep.methods.filter((m) => m.name === name);
      const preset = (sweep.presets ?? []).filter((m) => m.name === name);
      return listed.length > 0 ? listed : preset.length > 0 ? preset : [{ name, config: {}, hyper: {}, perTask: {} }];
    });
  }
  if (o.seeds) out.seeds = o.seeds;
  const bounds = { maxSteps: o.maxSteps, trainLimit: o.trainLimit, evalLimit: o.evalLimit, microBatch: o.microBatch, gradientCheckpointing: o.gradientCheckpointing };
  if (Object.values(bounds).some((v) => v !== undefined)) {
    out.override = { ...(sweep.override ?? {}), ...Object.fromEntries(Object.entries(bounds).filter(([, v]) => v !== undefined)) };
  }
  const suffix: string[] = [];
  if (o.data !== undefined) {
    const dir = resolveUserPath(o.data);
    if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new InputError(`--data ${o.data}: folder not found (looked in ${dir})`);
    out.data = { kind: 'folder', dir };
    suffix.push(`data-${slug(basename(dir))}`);
  }
  if (o.model !== undefined) {
    let model = o.model;
    if (model.startsWith('local:')) {
      const dir = resolveUserPath(model.slice('local:'.length));
      if (!existsSync(dir)) throw new InputError(`--model ${o.model}: folder not found (looked in ${dir})`);
      model = `local:${dir}`;
    }
    // the sweep's own model given again is the same sweep: same results folder, finished runs reused
    if (model !== sweep.model) {
      out.model = model;
      suffix.push(slug(o.model));
    }
  }
  if (suffix.length) {
    out.name = `${sweep.name}.${suffix.join('.')}`;
    // the sweep file's notes describe its own model and data, not another setting's
    if (sweep.report.notes) out.report = { ...sweep.report, notes: undefined };
  }
  return out;
}
