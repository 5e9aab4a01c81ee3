/**
 * `npx nx run core:bench` (issue 2, item 8): ms per train step of the reference encoder (BERT, hidden 256,
 * 4 layers, 4 heads, FFN 1024, seq 128, batch 16, vocab 30522) for full fine-tuning, RED (frozen
 * backbone) and LoRA r = 8, and forward-only, for every backend that loads (each in its own process:
 * tfjs holds one backend and one wasm thread count per process). With --vs-torch, PyTorch runs the same
 * weights and batch (torch_reference.py) and each ratio peftbench ÷ PyTorch is printed. Writes
 * reports/bench/core.json atomically. Flags: see options.ts (USAGE).
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { InputError, writeJsonAtomic } from '@peftbench/util';
import { initBackend, setBackendFixes } from '@peftbench/core';
import { loadMethods } from '@peftbench/discovery';
import { measureBackend, type BackendMeasurement, type MeasureRequest } from './measure.ts';
import { benchShape, parseBenchOptions, resolveMethods, USAGE } from './options.ts';
import { planProcesses, type PlannedProcess } from './plan.ts';
import { formatProfile } from './profile.ts';
import { compareWithTorch, evaluateTargets, formatTable, machineInfo, summarizeConfig, summarizeTorch, type ConfigSummary, type TorchSummary } from './report.ts';
import { exportDir, exportForTorch, findTorchPython, runTorch, type TorchMeasurement } from './torch-peer.ts';
import { BENCH_LORA_CONFIG, BENCH_LR, BENCH_WEIGHT_DECAY } from './variants.ts';

/** Run one measurement in a child process; a backend that cannot load comes back as `skipped`. */
function runChild(p: PlannedProcess): { measurement?: BackendMeasurement; skipped?: string } {
  const script = fileURLToPath(import.meta.url);
  const r = spawnSync(process.execPath, [...process.execArgv, script, '--child', JSON.stringify(p.request)], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, PEFTBENCH_BACKEND: '', PEFTBENCH_WASM_THREADS: '' },
    maxBuffer: 1 << 26,
  });
  const last = r.stdout?.trim().split('\n').pop();
  if (r.status !== 0 || !last) throw new Error(`bench child for ${p.label} failed (exit ${r.status ?? r.signal})`);
  const out = JSON.parse(last) as { measurement?: BackendMeasurement; cannotLoad?: string; error?: string };
  if (out.error) throw new Error(`bench child for ${p.label}: ${out.error}`);
  return out.cannotLoad ? { skipped: out.cannotLoad } : { measurement: out.measurement };
}

async function child(requestJson: string): Promise<void> {
  const req = JSON.parse(requestJson) as MeasureRequest;
  try {
    await initBackend({ backend: req.backend, threads: req.threads });
  } catch (err) {
    console.log(JSON.stringify({ cannotLoad: (err as Error).message }));
    return;
  }
  // before/after measurements: PEFTBENCH_FIXES_OFF=transpose,gather,… times with those backend fixes removed
  const off = (process.env.PEFTBENCH_FIXES_OFF ?? '').split(',').filter(Boolean);
  if (off.length) setBackendFixes(Object.fromEntries(off.map((k) => [k, false])));
  try {
    console.log(JSON.stringify({ measurement: await measureBackend(req) }));
  } catch (err) {
    console.log(JSON.stringify({ error: (err as Error).stack ?? String(err) }));
  }
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  if (argv[0] === '--child') {
    await child(argv[1]);
    process.exit(0); // threaded wasm's worker pool can keep the process alive; stdout to a pipe is synchronous on Linux
  }
  if (argv.includes('--help') || argv.includes('-h')) {
    console.log(USAGE);
    process.exit(0);
  }
  const opts = parseBenchOptions(argv);
  const shape = benchShape(opts);
  const methods = opts.methods.length ? resolveMethods(opts.methods, (await loadMethods()).map((m) => m.name)) : [];
  const { planned, skipped } = planProcesses(opts, methods);

  let torchPython: string | undefined;
  let torchSkipped: string | undefined;
  let torchExport: ReturnType<typeof exportDir> | undefined;
  if (opts.vsTorch) {
    const found = findTorchPython();
    if ('reason' in found) torchSkipped = found.reason;
    else {
      torchPython = found.python;
      torchExport = exportDir();
      await initBackend({ backend: 'wasm' }); // only to build the weights to export; children time
      await loadMethods();
      exportForTorch(torchExport.dir, shape, opts.seed, opts.batchSize, opts.seqLen);
    }
  }

  const runs = new Map<string, BackendMeasurement[]>();
  const torchRuns = new Map<number, TorchMeasurement[]>();
  const dead = new Set<string>();
  try {
    for (let round = 0; round < opts.rounds; round++) {
      for (const p of planned) {
        if (dead.has(p.label)) continue;
        console.error(`round ${round + 1}/${opts.rounds}: ${p.label} (batch ${p.request.batchSize}, ${p.request.steps} steps after ${p.request.warmup} warm-up)`);
        const r = runChild({ ...p, request: { ...p.request, profile: p.request.profile && round === 0 } });
        if (r.skipped) {
          dead.add(p.label);
          skipped.push({ label: p.label, reason: r.skipped });
          continue;
        }
        runs.set(p.label, [...(runs.get(p.label) ?? []), r.measurement!]);
      }
      if (torchPython && torchExport) {
        for (const threads of opts.threads) {
          console.error(`round ${round + 1}/${opts.rounds}: PyTorch, ${threads} thread(s)`);
          const t = runTorch({ python: torchPython, dir: torchExport.dir, steps: opts.steps, warmup: opts.warmup, threads, seed: opts.seed });
          torchRuns.set(threads, [...(torchRuns.get(threads) ?? []), t]);
        }
      }
    }
  } finally {
    torchExport?.remove();
  }

  const configs: ConfigSummary[] = [...runs].map(([label, ms]) => summarizeConfig(label, ms));
  const torch: TorchSummary[] = [...torchRuns.values()].map((t) => summarizeTorch(t, opts.batchSize, opts.seqLen));
  compareWithTorch(configs, torch);
  const targets = evaluateTargets(configs);
  console.log('\n' + formatTable({ shape, configs, skipped, torch, torchSkipped, targets, defaultBatchSize: opts.batchSize }));
  const profiled = [...runs].flatMap(([label, ms]) => (ms[0].profile ? [{ label, profile: ms[0].profile }] : []));
  for (const p of profiled) console.log('\n' + formatProfile(p.profile, p.label));

  writeJsonAtomic(opts.out, {
    date: new Date().toISOString(),
    machine: machineInfo(),
    reference: { shape, batchSize: opts.batchSize, seqLen: opts.seqLen, lr: BENCH_LR, weightDecay: BENCH_WEIGHT_DECAY, lora: BENCH_LORA_CONFIG, red: { positions: 'ffn', variant: 'scaling+bias' }, dropout: 0.1 },
    options: { ...opts, out: undefined },
    configs,
    torch,
    torchSkipped: torchSkipped ?? null,
    skipped,
    targets,
    profile: profiled,
  });
  console.log(`\nwrote ${opts.out}`);
}

try {
  await main();
} catch (err) {
  // Print and exit ourselves: the wasm module's own uncaughtException handler would dump its source.
  console.error(err instanceof InputError ? err.message : ((err as Error).stack ?? String(err)));
  process.exit(err instanceof InputError ? 2 : 1);
}
