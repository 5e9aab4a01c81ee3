/** Command-line flags of `npx nx run core:bench`, validated (bad values → InputError naming the flag). */
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { InputError, repoRoot } from '@peftbench/util';
import { BACKEND_NAMES, parseBackendName, parseThreads, type BackendName } from '@peftbench/core';
import { ARCHS, REFERENCE_SHAPE, TINY_SHAPE, type Arch, type EncoderShape } from './reference-encoder.ts';

export interface BenchOptions {
  backends: BackendName[];
  /** wasm thread counts to run (each its own process); other backends run once. */
  threads: number[];
  steps: number;
  warmup: number;
  batchSize: number;
  seqLen: number;
  /** The pure-JS cpu backend is 20–50x slower: it runs a smaller batch and fewer steps by default. */
  cpuBatchSize: number;
  cpuSteps: number;
  rounds: number;
  vsTorch: boolean;
  profile: boolean;
  tiny: boolean;
  seed: number;
  out: string;
  /** `--methods`: discovered method names (or ['all']) timed beside full FT, RED and LoRA; resolve with resolveMethods. */
  methods: string[];
  /** `--arch`: the reference model's architecture at the same width (default bert). */
  arch: Arch;
}

/** The model the run times: the reference (or tiny) shape, of `--arch`. */
export function benchShape(opts: Pick<BenchOptions, 'tiny' | 'arch'>): EncoderShape {
  const base = opts.tiny ? TINY_SHAPE : REFERENCE_SHAPE;
  return opts.arch === 'bert' ? base : { ...base, arch: opts.arch };
}

export const USAGE = `npx nx run core:bench [-- flags]
  --steps N          timed steps per configuration and round (default 10)
  --warmup N         untimed rounds first (default 2)
  --backends a,b     of ${BACKEND_NAMES.join(', ')} (default: every one that loads)
  --threads 1,2      wasm thread counts, each in its own process (default 1)
  --batch N --seq N  batch size and sequence length (default 16, 128)
  --cpu-batch N      batch on the pure-JS cpu backend (default 2)
  --cpu-steps N      timed steps on the cpu backend (default 3)
  --rounds N         repeat every process (tfjs backends, then PyTorch) N times, pool the steps (default 1)
  --vs-torch         also time PyTorch on the same weights and batch (/usr/bin/python3 with torch)
  --profile          break the wasm full fine-tuning step into phases and kernels
  --tiny             a tiny encoder (max 16 positions; batch 2 × seq 8 unless given), plumbing checks only
  --methods a,b|all  also time one train step of each named discovered method (its default config) as a row with
                     its trainable parameters and step ÷ full FT; 'all' = every discovered method (default: none
                     beyond full FT, RED, LoRA); a method that refuses the encoder is listed with its reason
  --arch A           ${ARCHS.join('|')}: the reference model of that architecture, same width (default bert;
                     t5 = encoder + decoder of that many blocks each, seq2seq loss on decoder labels)
  --seed N           weights and batch seed (default 0)
  --out FILE         report path (default reports/bench/core.json)`;

function positiveInt(value: string, flag: string, min = 1): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min) throw new InputError(`core:bench [${flag}]: expected an integer ≥ ${min}, got '${value}'`);
  return n;
}

export function parseBenchOptions(argv: string[]): BenchOptions {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        steps: { type: 'string', default: '10' },
        warmup: { type: 'string', default: '2' },
        backends: { type: 'string' },
        threads: { type: 'string', default: '1' },
        batch: { type: 'string' },
        seq: { type: 'string' },
        'cpu-batch': { type: 'string', default: '2' },
        'cpu-steps': { type: 'string', default: '3' },
        rounds: { type: 'string', default: '1' },
        'vs-torch': { type: 'boolean', default: false },
        profile: { type: 'boolean', default: false },
        tiny: { type: 'boolean', default: false },
        seed: { type: 'string', default: '0' },
        methods: { type: 'string' },
        arch: { type: 'string', default: 'bert' },
        out: { type: 'string' },
        help: { type: 'boolean', default: false },
      },
    }));
  } catch (err) {
    throw new InputError(`core:bench: ${(err as Error).message.split('\n')[0]} (see --help)`); // one line
  }
  if (values.help) throw new InputError(USAGE);
  const list = (s: string) => s.split(',').map((x) => x.trim()).filter(Boolean);
  const backends = values.backends ? list(values.backends).map((b) => parseBackendName(b, 'core:bench [--backends]')) : [...BACKEND_NAMES];
  const threads = [...new Set(list(values.threads).map((t) => parseThreads(t, 'core:bench [--threads]')))];
  if (threads.length === 0) throw new InputError(`core:bench [--threads]: empty list`);
  const tiny = values.tiny;
  const seqLen = positiveInt(values.seq ?? (tiny ? '8' : '128'), '--seq');
  const maxPositions = tiny ? TINY_SHAPE.maxPositions : REFERENCE_SHAPE.maxPositions;
  if (seqLen > maxPositions) throw new InputError(`core:bench [--seq]: ${seqLen} exceeds the encoder's max_position_embeddings ${maxPositions}`);
  const arch = values.arch as Arch;
  if (!(ARCHS as readonly string[]).includes(arch)) throw new InputError(`core:bench [--arch]: expected one of ${ARCHS.join(', ')}, got '${values.arch}'`);
  if (arch !== 'bert' && values['vs-torch']) throw new InputError(`core:bench [--arch]: --vs-torch runs the BERT reference only (got --arch ${arch})`);
  if (arch !== 'bert' && values.profile) throw new InputError(`core:bench [--arch]: --profile breaks down the BERT full step only (got --arch ${arch})`);
  return {
    arch,
    backends,
    threads,
    steps: positiveInt(values.steps, '--steps'),
    warmup: positiveInt(values.warmup, '--warmup', 0),
    batchSize: positiveInt(values.batch ?? (tiny ? '2' : '16'), '--batch'),
    seqLen,
    cpuBatchSize: positiveInt(values['cpu-batch'], '--cpu-batch'),
    cpuSteps: positiveInt(values['cpu-steps'], '--cpu-steps'),
    rounds: positiveInt(values.rounds, '--rounds'),
    vsTorch: values['vs-torch'],
    profile: values.profile,
    tiny,
    seed: positiveInt(values.seed, '--seed', 0),
    out: values.out ?? join(repoRoot, 'reports', 'bench', 'core.json'),
    methods: values.methods === undefined ? [] : nonEmpty(list(values.methods), '--methods'),
  };
}

function nonEmpty(xs: string[], flag: string): string[] {
  if (xs.length === 0) throw new InputError(`core:bench [${flag}]: empty list`);
  return [...new Set(xs)];
}

/** Already timed in every run with these configs: not repeated as `--methods` rows. */
export const ALWAYS_TIMED = ['full-ft', 'red'];

/**
 * `--methods` against the discovered method names (table order): 'all' = every one; an unknown name is an
 * InputError naming the flag and the known names. full-ft and red (same default config as the fixed columns) are
 * left out; lora stays (its row uses its defaults, the fixed column r = 8, α = 8).
 */
export function resolveMethods(asked: string[], known: string[]): string[] {
  if (asked.length === 0) return [];
  if (asked.includes('all')) {
    if (asked.length > 1) throw new InputError(`core:bench [--methods]: 'all' cannot be combined with names (got ${asked.join(',')})`);
    return known.filter((n) => !ALWAYS_TIMED.includes(n));
  }
  const unknown = asked.filter((n) => !known.includes(n));
  if (unknown.length) throw new InputError(`core:bench [--methods]: unknown method ${unknown.map((n) => `'${n}'`).join(', ')} (known: ${known.join(', ')}, or all)`);
  return asked.filter((n) => !ALWAYS_TIMED.includes(n));
}
