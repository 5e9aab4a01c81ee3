/**
 * `peftbench doctor`: what this machine can run. Which tfjs backends load and why not (for tfjs-node-gpu: the
 * CUDA / cuDNN libraries libtensorflow 2.9.1 opens and which of them are found), wasm SIMD and threads, memory,
 * the hub endpoint, the cache, and a one-line verdict from the memory plan and a measured matmul rate.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { cacheDir, InputError, repoRoot } from '@peftbench/util';

/**
 * Shared libraries libtensorflow 2.9.1 (bundled by @tensorflow/tfjs-node-gpu 4.22.0) opens for the GPU: CUDA 11.2
 * + cuDNN 8.1 builds, so CUDA 11 sonames (CUDA 12's libcudart.so.12 does not satisfy libcudart.so.11.0), plus the
 * driver's libcuda.so.1.
 */
export const TF_GPU_LIBRARIES = [
  'libcuda.so.1',
  'libcudart.so.11.0',
  'libcublas.so.11',
  'libcublasLt.so.11',
  'libcufft.so.10',
  'libcurand.so.10',
  'libcusolver.so.11',
  'libcusparse.so.11',
  'libcudnn.so.8',
] as const;

export interface DoctorFacts {
  backends: { name: string; loads: boolean; detail: string }[];
  gpuLibraries: { name: string; path: string | null }[];
  gpu: { name: string; memoryMiB: number; driver: string; computeCap: string } | null;
  wasm: { simd: boolean; threads: number; maxThreads: number } | null;
  memory: { totalBytes: number; availableBytes: number };
  hub: { url: string; state: 'offline' | 'reachable' | 'unreachable'; detail: string };
  cache: { dir: string; bytes: number };
  /** Measured dense matmul rate on the backend runs would use (GFLOP/s). */
  matmulGflops: number | null;
  bestBackend: string;
  cores: number;
}

function libraryDirs(): string[] {
  const dirs = (process.env.LD_LIBRARY_PATH ?? '').split(':').filter(Boolean);
  dirs.push('/usr/local/cuda/lib64', '/usr/local/cuda/targets/x86_64-linux/lib', '/usr/lib/x86_64-linux-gnu', '/usr/lib64', '/usr/local/nvidia/lib64');
  try {
    for (const d of readdirSync('/usr/local')) if (/^cuda-\d/.test(d)) dirs.push(join('/usr/local', d, 'lib64'));
  } catch {
    /* no /usr/local */
  }
  return [...new Set(dirs)];
}

/** Where each library would be found: LD_LIBRARY_PATH and the usual CUDA folders first, then ldconfig's cache. */
export function findLibraries(names: readonly string[]): { name: string; path: string | null }[] {
  let ldconfig = '';
  try {
    ldconfig = execFileSync('ldconfig', ['-p'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 5000 });
  } catch {
    try {
      ldconfig = execFileSync('/sbin/ldconfig', ['-p'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 5000 });
    } catch {
      /* no ldconfig */
    }
  }
  const dirs = libraryDirs();
  return names.map((name) => {
    for (const d of dirs) if (existsSync(join(d, name))) return { name, path: join(d, name) };
    const m = new RegExp(`^\\s*${name.replace(/\./g, '\\.')} \\(.*\\) => (\\S+)`, 'm').exec(ldconfig);
    return { name, path: m ? m[1] : null };
  });
}

function nvidiaSmi(): DoctorFacts['gpu'] {
  try {
    const out = execFileSync('nvidia-smi', ['--query-gpu=name,memory.total,driver_version,compute_cap', '--format=csv,noheader,nounits'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 10000 });
    const [name, mib, driver, cap] = out.trim().split('\n')[0].split(',').map((s) => s.trim());
    return { name, memoryMiB: Number(mib), driver, computeCap: cap };
  } catch {
    return null;
  }
}

function resolvable(pkg: string): boolean {
  try {
    createRequire(join(repoRoot, 'package.json')).resolve(`${pkg}/package.json`);
    return true;
  } catch {
    return false;
  }
}

function dirBytes(dir: string): number {
  let n = 0;
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch {
    return 0;
  }
  for (const e of entries) {
    const p = join(dir, e);
    try {
      const s = statSync(p);
      n += s.isDirectory() ? dirBytes(p) : s.size;
    } catch {
      /* vanished */
    }
  }
  return n;
}

async function hubState(): Promise<DoctorFacts['hub']> {
  const url = process.env.PEFTBENCH_HUB_URL ?? process.env.HF_ENDPOINT ?? 'https://huggingface.co';
  if (process.env.PEFTBENCH_OFFLINE === '1' || process.env.HF_HUB_OFFLINE === '1') return { url, state: 'offline', detail: 'PEFTBENCH_OFFLINE / HF_HUB_OFFLINE set: only the cache is used' };
  try {
    const r = await fetch(`${url.replace(/\/$/, '')}/api/models?limit=1`, { method: 'GET', signal: AbortSignal.timeout(4000) });
    return { url, state: 'reachable', detail: `HTTP ${r.status}` };
  } catch (err) {
    const cause = (err as { cause?: { code?: string; message?: string } }).cause;
    return { url, state: 'unreachable', detail: cause?.code ?? cause?.message ?? (err as Error).message };
  }
}

/** Look at this machine (loads the fastest tfjs backend that works, times one matmul). */
export async function collectFacts(): Promise<DoctorFacts> {
  const core = await import('@peftbench/core');
  const gpuLibraries = findLibraries(TF_GPU_LIBRARIES);
  const gpu = nvidiaSmi();
  const info = await core.initBackend();
  const backends: DoctorFacts['backends'] = [];
  for (const name of ['tensorflow-gpu', 'tensorflow', 'wasm', 'cpu'] as const) {
    const pkg = core.BACKEND_PACKAGES[name];
    if (info.name === name) backends.push({ name, loads: true, detail: `${pkg} ${info.versions[pkg] ?? ''}`.trim() + (name === 'wasm' ? ` (${info.simd ? 'SIMD' : 'no SIMD'}, ${info.threads} thread${info.threads > 1 ? 's' : ''})` : '') });
    else if (info.skipped[name]) backends.push({ name, loads: false, detail: info.skipped[name]!.split('\n')[0].trim() });
    else backends.push({ name, loads: true, detail: `${pkg} (not tried: ${info.name} loaded first)` });
  }
  const gpuRow = backends[0];
  if (!gpuRow.loads) {
    const missing = gpuLibraries.filter((l) => !l.path).map((l) => l.name);
    const installed = resolvable('@tensorflow/tfjs-node-gpu');
    const why = gpuRow.detail.split('\n')[0].trim();
    gpuRow.detail = `${installed ? `installed but did not load (${why})` : 'not installed (optional dependency: its install downloads libtensorflow 2.9.1, which fails offline)'}; ` +
      `needs CUDA 11.2 + cuDNN 8.1 libraries: ${missing.length ? `missing ${missing.join(', ')}` : 'all found'}; ${gpu ? `GPU ${gpu.name}` : 'no NVIDIA GPU (nvidia-smi absent)'}`;
  }
  // the same probe `initBackend({ backend: 'webgpu' })` and bench:gpu-check use (core backend/webgpu.ts)
  const webgpu = await core.probeWebGpu();
  backends.push({ name: 'webgpu', loads: webgpu.ok, detail: webgpu.ok ? `${webgpu.detail} (opt-in: --backend webgpu / PEFTBENCH_BACKEND=webgpu)` : webgpu.reason });
  const wasm = info.name === 'wasm' ? { simd: info.simd ?? false, threads: info.threads, maxThreads: core.MAX_WASM_THREADS } : null;
  const availableBytes = core.memAvailable();
  // matmul rate on the backend runs would use: [512, 768] x [768, 768], median of 5 after one warm-up
  const tf = await import('@tensorflow/tfjs-core');
  let matmulGflops: number | null = null;
  try {
    const a = tf.randomNormal([512, 768]);
    const b = tf.randomNormal([768, 768]);
    const times: number[] = [];
    for (let i = 0; i < 6; i++) {
      const t0 = performance.now();
      const c = tf.matMul(a, b);
      c.dataSync();
      c.dispose();
      if (i > 0) times.push(performance.now() - t0);
    }
    a.dispose();
    b.dispose();
    times.sort((x, y) => x - y);
    matmulGflops = (2 * 512 * 768 * 768) / (times[2] / 1000) / 1e9;
  } catch {
    matmulGflops = null;
  }
  const dir = cacheDir();
  return {
    backends,
    gpuLibraries,
    gpu,
    wasm,
    memory: { totalBytes: totalmem(), availableBytes },
    hub: await hubState(),
    cache: { dir, bytes: dirBytes(dir) },
    matmulGflops,
    bestBackend: info.name,
    cores: cpus().length,
  };
}

const gibs = (b: number) => `${(b / 2 ** 30).toFixed(1)} GiB`;

/** The verdict line and its parts, from the facts and the memory plan (pure: tested with made-up facts). */
export async function verdict(f: DoctorFacts): Promise<string> {
  const core = await import('@peftbench/core');
  const cfg = (name: string) => core.readHfConfig(join(repoRoot, 'packages/core/configs', name, 'config.json'));
  const backend = f.bestBackend as 'tensorflow-gpu' | 'tensorflow' | 'wasm' | 'cpu';
  const limitBytes = backend === 'wasm' ? undefined : backend === 'tensorflow-gpu' ? (f.gpu ? f.gpu.memoryMiB * 2 ** 20 : undefined) : f.memory.availableBytes;
  const task = { kind: 'sequence-classification' as const, numLabels: 2 };
  const can: string[] = [];
  const cannot: string[] = [];
  if (f.backends.some((b) => b.loads)) can.push('quick profiles');
  const rate = (f.matmulGflops ?? 0) * 1e9;
  const { loadMethods } = await import('@peftbench/discovery');
  await loadMethods();
  const lm = { kind: 'causal-lm' as const };
  const count = (method: string, name: string, on: typeof task | typeof lm): number | { fraction: number } => {
    try {
      const m = core.getMethod(method);
      return m.countTrainable(cfg(name), core.parseMethodConfig(m, {}), on);
    } catch {
      // the method package did not load (discovery printed why): full FT trains everything; LoRA's defaults
      // (r 8 on query and value, RoBERTa head) train well under 1%
      return method === 'full-ft' ? { fraction: 1 } : { fraction: 0.005 };
    }
  };
  const check = (label: string, name: string, method: string, batch: number, length: number, on: typeof task | typeof lm = task) => {
    const opts = { config: cfg(name), task: on, trainable: count(method, name, on), batchSize: batch, seqLen: length, backend, limitBytes };
    const plain = core.planMemory(opts);
    const micro = plain.fits ? null : core.chooseMicroBatch(opts) ?? core.chooseMicroBatch({ ...opts, gradientCheckpointing: true });
    const plan = plain.fits ? plain : micro?.plan;
    if (!plan) {
      cannot.push(`not ${label} (needs ≥ ${gibs(core.planMemory({ ...opts, microBatch: 1, gradientCheckpointing: true }).peakBytes)}; ${backend} has ${plain.limitBytes === null ? '?' : gibs(plain.limitBytes)})`);
      return;
    }
    const P = plan.dims.parameters;
    const t = plan.trainable;
    // forward + activation gradients (+ weight gradients of what trains); recomputation runs the forward twice
    const flops = (2 + t / P + (plan.gradientCheckpointing ? 1 : 0)) * 2 * P * batch * length;
    const flags = !micro ? '' : [micro.accumulation > 1 ? `--micro-batch ${micro.microBatch}` : '', micro.plan.gradientCheckpointing ? '--gradient-checkpointing' : ''].filter(Boolean).join(' ');
    const how = micro ? ` (${[flags, micro.plan.weightPacks === 'per-product' ? 'frozen weights packed per product' : ''].filter(Boolean).join(', ')})` : '';
    can.push(rate > 0 ? `${label} at ~${Math.max(1, Math.round(flops / rate))} s/step${how}` : `${label}${how}`);
  };
  // the papers' GLUE settings (RED tables 9-10: batch 32 / 16, length 128 here)
  check('RoBERTa-base LoRA', 'roberta-base', 'lora', 32, 128);
  check('RoBERTa-large LoRA', 'roberta-large', 'lora', 32, 128);
  check('RoBERTa-large FT', 'roberta-large', 'full-ft', 16, 128);
  // RED table 11 (E2E): batch 10, length 128
  check('GPT-2 large LoRA', 'gpt2-large', 'lora', 10, 128, lm);
  return `this machine can run: ${can.join('; ')}${cannot.length ? `; ${cannot.join('; ')}` : ''}`;
}

export function formatFacts(f: DoctorFacts): string[] {
  const lines: string[] = [];
  lines.push('backends (fastest first):');
  for (const b of f.backends) lines.push(`  ${b.loads ? 'ok  ' : 'no  '} ${b.name.padEnd(15)} ${b.detail}`);
  lines.push('tfjs-node-gpu 4.22.0 = libtensorflow 2.9.1: CUDA 11.2 + cuDNN 8.1 (tfjs maintainers: driver > 450.x):');
  for (const l of f.gpuLibraries) lines.push(`  ${l.path ? 'found  ' : 'missing'} ${l.name}${l.path ? ` → ${l.path}` : ''}`);
  lines.push(`GPU: ${f.gpu ? `${f.gpu.name}, ${f.gpu.memoryMiB} MiB, driver ${f.gpu.driver}, compute ${f.gpu.computeCap}${Number(f.gpu.computeCap) >= 9 ? ' (sm_90: libtensorflow 2.9 has no sm_90 code, the driver JIT-compiles PTX on first use)' : ''}` : 'none (nvidia-smi not found)'}`);
  lines.push(`wasm: ${f.wasm ? `SIMD ${f.wasm.simd ? 'yes' : 'no'}, threads ${f.wasm.threads} (PEFTBENCH_WASM_THREADS, up to ${f.wasm.maxThreads}), heap ceiling 4 GiB` : `not in use (${f.bestBackend} loaded first)`}`);
  lines.push(`memory: ${gibs(f.memory.availableBytes)} available of ${gibs(f.memory.totalBytes)}; ${f.cores} CPU cores`);
  lines.push(`matmul: ${f.matmulGflops === null ? 'not measured' : `${f.matmulGflops.toFixed(1)} GFLOP/s`} on ${f.bestBackend} ([512,768]·[768,768])`);
  lines.push(`hub: ${f.hub.url} ${f.hub.state} (${f.hub.detail})`);
  lines.push(`cache: ${f.cache.dir} ${gibs(f.cache.bytes)}`);
  return lines;
}

export async function runDoctorCli(argv: string[]): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { json: { type: 'boolean', default: false }, help: { type: 'boolean', default: false } } });
  if (values.help) {
    console.log('usage: peftbench doctor [--json]   what this machine can run (backends, GPU libraries, memory, hub, cache)');
    return 0;
  }
  try {
    const facts = await collectFacts();
    const line = await verdict(facts);
    if (values.json) console.log(JSON.stringify({ ...facts, verdict: line }, null, 2));
    else console.log([...formatFacts(facts), `verdict: ${line}`].join('\n'));
    return 0;
  } catch (err) {
    if (err instanceof InputError) {
      console.error(err.message);
      return 1;
    }
    throw err;
  }
}
