/**
 * bench-scale (issue 20): the papers' architectures built from their real config.json (packages/core/configs;
 * random weights, nothing downloaded), one training step per (architecture, method) at the paper's batch and
 * length on wasm: build time, step time, measured peak of backend buffers + the wasm heap + peak RSS against
 * the memory plan, and the projected time of the paper's table here and on one GPU from FLOPs. Each row runs
 * in its own process (the wasm heap only grows). Rows the plan refuses are listed with the plan's message.
 *
 *   npx nx run bench:bench-scale                         # all rows (takes the whole machine for hours)
 *   npx nx run bench:bench-scale -- --tiny               # plumbing: a 2-layer config, batch 2 × 16
 *   npx nx run bench:bench-scale -- --archs roberta-base --methods lora,red --checkpointing
 *   npx nx run bench:bench-scale -- --archs gpt2-large --methods lora --weight-packs per-product
 *   npx nx run bench:bench-scale -- --archs roberta-large --methods lora,red --checkpointing --micro-batch auto
 *
 * --weight-packs (wasm): XNNPACK's packed weight copies kept all run ('kept', fastest), made per product for
 * frozen weights ('per-product', one copy of the weights on the heap instead of two), or the plan's choice
 * ('auto', default: kept when it fits).
 * --micro-batch auto|N: the step at the paper's batch as passes of N rows with accumulated gradients (auto: the
 * plan's choice, `chooseMicroBatch`, as the runner's `--micro-batch auto`); without it one pass of the whole batch.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import * as tf from '@tensorflow/tfjs-core';
import { AdamW, chooseMicroBatch, createModel, getMethod, gradientsInMicroBatches, gradientsOf, initBackend, parseBackendName, parseHfConfig, parseMethodConfig, planMemory, readHfConfig, trackBufferBytes, wasmHeapBytes, describePlan, gib, type Batch, type HfConfig, type PlanBackend, type TaskSpec, type WeightPacks } from '@peftbench/core';
import { loadMethods } from '@peftbench/discovery';
import { paperHyperparameters, hyperValue } from '@peftbench/papers';
import { InputError, repoRoot, writeJsonAtomic } from '@peftbench/util';

const CONFIG_DIR = join(repoRoot, 'packages/core/configs');

/** Training-set sizes (examples) of the tasks in the tables projected here. */
export const TRAIN_SIZES: Record<string, number> = {
  MNLI: 392_702, 'SST-2': 67_349, MRPC: 3_668, CoLA: 8_551, QNLI: 104_743, QQP: 363_846, RTE: 2_490, 'STS-B': 5_749,
  'E2E NLG Challenge': 42_061,
};

export interface ArchSpec {
  name: string;
  task: TaskSpec;
  /** Paper table whose hyperparameters give batch, epochs and length. */
  paper: { id: string; table: string; model?: string };
  /** Length when the table does not print one. */
  defaultLength: number;
  /** Settings read another way than one block with task columns (ID3's Tables 7a + 7b). */
  settings?: (method: string) => PaperSettings;
}

/**
 * ID3 (DeBERTa-v3-base, GLUE): batch from Table 7a ('All methods', NLU column: 16 for every task), epochs and
 * MaxSeqLength per task from Table 7b (256 for GLUE).
 */
export function id3GlueSettings(): PaperSettings {
  const common = paperHyperparameters('id3', { tableId: 'table7a', method: 'All methods' })[0];
  const perTask = paperHyperparameters('id3', { tableId: 'table7b' })[0];
  if (!common || !perTask) throw new InputError('id3 table7a / table7b: hyperparameter blocks not found');
  const batch = Number(hyperValue(common, 'batch_size', 'NLU (all GLUE tasks)'));
  const tasks: PaperSettings['tasks'] = {};
  let length = 0;
  for (const [task, row] of Object.entries(perTask.settings as Record<string, { benchmark?: string; epochs?: number; max_seq_length?: number }>)) {
    if (row?.benchmark !== 'GLUE' || !(Number(row.epochs) > 0)) continue;
    tasks[task] = { batch, epochs: Number(row.epochs) };
    length = Math.max(length, Number(row.max_seq_length) || 0);
  }
  return { tasks, length: length || 256, source: 'id3 table7a (batch, NLU) + table7b (epochs, MaxSeqLength per GLUE task) (DeBERTa-v3-base)' };
}

export const ARCHS: ArchSpec[] = [
  { name: 'roberta-base', task: { kind: 'sequence-classification', numLabels: 2 }, paper: { id: 'red', table: 'table9' }, defaultLength: 128 },
  { name: 'roberta-large', task: { kind: 'sequence-classification', numLabels: 2 }, paper: { id: 'red', table: 'table10' }, defaultLength: 128 },
  { name: 'gpt2-medium', task: { kind: 'causal-lm' }, paper: { id: 'red', table: 'table11' }, defaultLength: 128 },
  { name: 'gpt2-large', task: { kind: 'causal-lm' }, paper: { id: 'red', table: 'table11' }, defaultLength: 128 },
  { name: 'deberta-v3-base', task: { kind: 'sequence-classification', numLabels: 2 }, paper: { id: 'id3', table: 'table7a' }, defaultLength: 256, settings: id3GlueSettings },
  // T5 on GLUE as text-to-text (RED Table 12): encoder-decoder step, decoder labels as long as the input (an upper bound)
  { name: 't5-base', task: { kind: 'causal-lm' }, paper: { id: 'red', table: 'table12' }, defaultLength: 128 },
];

/** Every PEFT family bench-scale measures by default (discovered method names). */
export const SCALE_METHODS = ['full-ft', 'lora', 'red', 'bitfit', 'houlsby', 'pfeiffer', 'prefix-tuning', 'ia3'];

/** Method name here → method name in the paper's hyperparameter blocks. */
const PAPER_METHOD: Record<string, string> = { 'full-ft': 'FT', lora: 'LoRA', red: 'RED', bitfit: 'BitFit', adapter: 'Adapter', houlsby: 'Adapter', pfeiffer: 'Adapter', 'prefix-tuning': 'Prefix Tuning' };

export interface PaperSettings {
  /** task → { batch, epochs } */
  tasks: Record<string, { batch: number; epochs: number }>;
  length: number;
  source: string;
}

/** Batch, epochs and length of one method in the arch's table (the method's block, else the table's FT block). */
export function paperSettings(arch: ArchSpec, method: string): PaperSettings {
  if (arch.settings) return arch.settings(method);
  const want = PAPER_METHOD[method] ?? method;
  const blocks = paperHyperparameters(arch.paper.id, { tableId: arch.paper.table });
  const sized = blocks.filter((b) => { const m = b.model ?? ''; return !/medium|large/i.test(m) || m.toLowerCase().includes(arch.name.split('-')[1]) || /same settings/i.test(m); });
  const block = sized.find((b) => b.method === want) ?? sized.find((b) => b.method === 'FT') ?? blocks[0];
  if (!block) throw new InputError(`${arch.paper.id} ${arch.paper.table}: no hyperparameter block`);
  const columns = block.columns ?? [];
  const tasks: PaperSettings['tasks'] = {};
  for (const col of columns.length ? columns : ['all']) {
    const batch = Number(hyperValue(block, 'batch_size', col));
    const epochs = Number(hyperValue(block, 'epochs', col));
    if (batch > 0 && epochs > 0) tasks[col] = { batch, epochs };
  }
  const len = Number(hyperValue(block, 'max_seq_len', columns[0]));
  return { tasks, length: len > 0 ? len : arch.defaultLength, source: `${arch.paper.id} ${arch.paper.table} ${block.method} (${block.model})` };
}

/** The most common batch of a table (the one measured). */
function commonBatch(s: PaperSettings): number {
  const count = new Map<number, number>();
  for (const t of Object.values(s.tasks)) count.set(t.batch, (count.get(t.batch) ?? 0) + 1);
  return [...count.entries()].sort((a, b) => b[1] - a[1] || b[0] - a[0])[0]?.[0] ?? 8;
}

/** Optimizer steps to reproduce one method's column set of the table (one seed). */
export function tableSteps(s: PaperSettings): number {
  let steps = 0;
  for (const [task, t] of Object.entries(s.tasks)) steps += t.epochs * Math.ceil((TRAIN_SIZES[task] ?? 0) / t.batch);
  return steps;
}

/** Matmul FLOPs of one training step: forward 2·P·N, activation gradients 2·P·N, weight gradients 2·P·N only when the backbone trains; attention 4·L·B·T²·D per pass. */
export function stepFlops(config: HfConfig, params: number, trainable: number, batch: number, length: number): number {
  const D = Number(config.hidden_size ?? config.n_embd ?? config.d_model);
  const L = Number(config.num_hidden_layers ?? config.n_layer ?? config.num_layers);
  const N = batch * length;
  const passes = 2 + trainable / params; // forward + activation grads + (share of) weight grads
  return passes * (2 * params * N + 4 * L * batch * length * length * D);
}

interface RowRequest {
  arch: string;
  method: string;
  batch: number;
  length: number;
  checkpointing: boolean;
  backend: PlanBackend;
  tiny: boolean;
  seed: number;
  /** wasm: XNNPACK weight packs kept, per product, or the plan's choice. */
  weightPacks: WeightPacks | 'auto';
  /** Rows per forward/backward (gradients accumulated over batch / microBatch passes), or the plan's choice. */
  microBatch?: number | 'auto';
}

interface RowResult {
  arch: string;
  method: string;
  batch: number;
  length: number;
  checkpointing: boolean;
  weightPacks?: WeightPacks | null;
  /** Rows per pass; the step is batch / microBatch passes with accumulated gradients. */
  microBatch?: number;
  params: number;
  trainable: number;
  plan: { peakBytes: number; fits: boolean; summary: string };
  refused?: string;
  buildMs?: number;
  stepMs?: number;
  measured?: { bufferPeakBytes: number; wasmHeapBytes: number | null; peakRssBytes: number };
  /** (plan's tensor part − measured buffers) / measured buffers */
  planError?: number;
  /** wasm: (whole plan − heap size) / heap size */
  heapError?: number;
  error?: string;
}

function tinyConfig(c: HfConfig): HfConfig {
  if (c.model_type === 't5') return parseHfConfig({ ...c, num_layers: 2, num_decoder_layers: 2, d_model: 64, d_ff: 256, num_heads: 4, d_kv: 16, vocab_size: 500 });
  if (c.model_type === 'gpt2') return parseHfConfig({ ...c, n_layer: 2, n_embd: 64, n_head: 4, vocab_size: 500, n_positions: 64 });
  return parseHfConfig({ ...c, num_hidden_layers: 2, hidden_size: 64, num_attention_heads: 4, intermediate_size: 256, vocab_size: 500, max_position_embeddings: 66 });
}

function peakRss(): number {
  const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
  return m ? Number(m[1]) * 1024 : process.memoryUsage().rss;
}

async function runRow(req: RowRequest): Promise<RowResult> {
  const arch = ARCHS.find((a) => a.name === req.arch)!;
  let config = readHfConfig(join(CONFIG_DIR, req.arch, 'config.json'));
  if (req.tiny) config = tinyConfig(config);
  await initBackend({ backend: req.backend, threads: Number(process.env.PEFTBENCH_WASM_THREADS ?? 1) });
  await loadMethods();
  const method = getMethod(req.method);
  const methodConfig = parseMethodConfig(method, {});
  const trainable = method.countTrainable(config, methodConfig, arch.task);
  const planOptions = { config, task: arch.task, trainable, batchSize: req.batch, seqLen: req.length, backend: req.backend, gradientCheckpointing: req.checkpointing, keepBest: false, ...(req.weightPacks !== 'auto' && { weightPacks: req.weightPacks }) };
  const chosen = req.microBatch === 'auto' ? chooseMicroBatch(planOptions) : null;
  const microBatch = req.microBatch === 'auto' ? chosen?.microBatch ?? 1 : Math.min(req.microBatch ?? req.batch, req.batch);
  const plan = chosen?.plan ?? planMemory({ ...planOptions, microBatch });
  const base: RowResult = { arch: req.arch + (req.tiny ? ' (tiny)' : ''), method: req.method, batch: req.batch, length: req.length, checkpointing: req.checkpointing, weightPacks: plan.weightPacks, microBatch, params: plan.dims.parameters, trainable, plan: { peakBytes: plan.peakBytes, fits: plan.fits, summary: describePlan(plan) } };
  if (!plan.fits) return { ...base, refused: `plan ${gib(plan.peakBytes)} > ${plan.limitBytes === null ? '?' : gib(plan.limitBytes)} (${plan.limitSource})` };
  const t0 = performance.now();
  const model = createModel(config, arch.task.kind, { seed: req.seed, numLabels: arch.task.numLabels });
  const applied = method.apply(model, methodConfig, arch.task);
  model.gradientCheckpointing = req.checkpointing;
  model.releaseWeightPacks = plan.weightPacks === 'per-product';
  const buildMs = performance.now() - t0;
  const vocab = Number(config.vocab_size);
  let s = req.seed + 1;
  const ids = Array.from({ length: req.batch }, () => Array.from({ length: req.length }, () => 3 + ((s = (s * 16807) % 2147483647) % (vocab - 4))));
  // T5: decoder labels (core shifts them right) of the input's length, ending in eos 1
  const labels = config.model_type === 't5' ? ids.map((r) => [...r.slice(0, -1), 1]) : arch.task.kind === 'causal-lm' ? ids : ids.map((_, b) => b % 2);
  const batch = { inputIds: ids, attentionMask: ids.map((r) => r.map(() => 1)), labels } as unknown as Batch;
  const names = model.params.trainable().map((p) => p.name);
  const weights = model.params.all().reduce((n, p) => n + p.variable.size, 0) * 4;
  const optimizer = new AdamW(model.params, { weightDecay: 0.01, groups: applied.groups });
  const tracker = trackBufferBytes(weights);
  const t1 = performance.now();
  const { grads } = microBatch < req.batch ? gradientsInMicroBatches(model, batch, names, microBatch) : gradientsOf(model, batch, names);
  optimizer.step(grads, 1e-4);
  grads.forEach((g) => g.dispose());
  const stepMs = performance.now() - t1;
  const bufferPeak = tracker.peak();
  tracker.stop();
  const measured = { bufferPeakBytes: bufferPeak, wasmHeapBytes: wasmHeapBytes(), peakRssBytes: peakRss() };
  optimizer.dispose();
  model.dispose();
  const heap = measured.wasmHeapBytes;
  return { ...base, buildMs, stepMs, measured, planError: (plan.peakBytes - plan.bytes.backendOverhead - bufferPeak) / bufferPeak, heapError: heap ? (plan.peakBytes - heap) / heap : undefined };
}

function runChild(req: RowRequest): RowResult {
  const script = fileURLToPath(import.meta.url);
  const r = spawnSync(process.execPath, ['--import', 'tsx', script, '--row', JSON.stringify(req)], { encoding: 'utf8', maxBuffer: 1 << 26 });
  const last = r.stdout.trim().split('\n').pop() ?? '';
  try {
    return JSON.parse(last) as RowResult;
  } catch {
    const why = (r.stderr || r.stdout || `exit ${r.status}`).trim().split('\n').slice(-3).join(' | ');
    return { arch: req.arch, method: req.method, batch: req.batch, length: req.length, checkpointing: req.checkpointing, params: 0, trainable: 0, plan: { peakBytes: 0, fits: false, summary: '' }, error: `${r.signal ? `killed (${r.signal})` : `exit ${r.status}`}: ${why}` };
  }
}

export function formatScaleTable(rows: (RowResult & { tableHoursHere?: number; tableHoursGpu?: number; tableSteps?: number })[]): string {
  const h = (x?: number) => (x === undefined ? '–' : x < 1 ? `${(x * 60).toFixed(1)} min` : `${x.toFixed(1)} h`);
  const lines = [
    '| architecture | method | batch × length | recompute | params | trainable | build s | step s | plan | measured buffers | wasm heap | peak RSS | plan error (buffers / heap) | table steps | table here | table on 1 GPU |',
    '|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|',
  ];
  for (const r of rows) {
    const m = r.measured;
    const status = r.refused ? `refused: ${r.refused}` : r.error ? `failed: ${r.error}` : '';
    lines.push(
      `| ${r.arch} | ${r.method} | ${r.batch} × ${r.length}${r.microBatch !== undefined && r.microBatch < r.batch ? ` (${Math.ceil(r.batch / r.microBatch)} passes of ${r.microBatch})` : ''} | ${r.checkpointing ? 'yes' : 'no'}${r.weightPacks === 'per-product' ? ' (packs per product)' : ''} | ${(r.params / 1e6).toFixed(1)}M | ${(r.trainable / 1e6).toFixed(3)}M | ${r.buildMs === undefined ? '–' : (r.buildMs / 1000).toFixed(1)} | ${r.stepMs === undefined ? status || '–' : (r.stepMs / 1000).toFixed(1)} | ${gib(r.plan.peakBytes)} | ${m ? gib(m.bufferPeakBytes) : '–'} | ${m?.wasmHeapBytes ? gib(m.wasmHeapBytes) : '–'} | ${m ? gib(m.peakRssBytes) : '–'} | ${r.planError === undefined ? '–' : `${(r.planError * 100).toFixed(1)}% / ${r.heapError === undefined ? '–' : `${(r.heapError * 100).toFixed(1)}%`}`} | ${r.tableSteps ?? '–'} | ${h(r.tableHoursHere)} | ${h(r.tableHoursGpu)} |`,
    );
  }
  return lines.join('\n');
}

async function main(): Promise<void> {
  let parsed;
  try {
    parsed = parseArgs({
      options: {
        row: { type: 'string' },
        archs: { type: 'string', default: ARCHS.map((a) => a.name).join(',') },
        methods: { type: 'string', default: SCALE_METHODS.join(',') },
        batch: { type: 'string' },
        length: { type: 'string' },
        checkpointing: { type: 'boolean', default: false },
        'micro-batch': { type: 'string' },
        'weight-packs': { type: 'string', default: 'auto' },
        backend: { type: 'string', default: 'wasm' },
        tiny: { type: 'boolean', default: false },
        seed: { type: 'string', default: '0' },
        'gpu-tflops': { type: 'string', default: '156' },
        'gpu-utilisation': { type: 'string', default: '0.3' },
        out: { type: 'string', default: join(repoRoot, 'reports/bench/scale.json') },
        help: { type: 'boolean', default: false },
      },
    });
  } catch (err) {
    console.error(`bench-scale: ${(err as Error).message.split('\n')[0]} (see --help)`); // one line, exit 2, no stack
    process.exit(2);
  }
  const { values } = parsed;
  if (values.row) {
    try {
      console.log(JSON.stringify(await runRow(JSON.parse(values.row) as RowRequest)));
    } catch (err) {
      console.log(JSON.stringify({ error: (err as Error).message.split('\n')[0] }));
    }
    return;
  }
  if (values.help) {
    console.log(readFileSync(fileURLToPath(import.meta.url), 'utf8').split('*/')[0]);
    return;
  }
  const backend = parseBackendName(values.backend!, 'bench-scale [--backend]') as PlanBackend;
  const weightPacks = values['weight-packs'] as WeightPacks | 'auto';
  if (!['auto', 'kept', 'per-product'].includes(weightPacks)) throw new InputError(`--weight-packs: expected auto, kept or per-product, got '${weightPacks}'`);
  const microArg = values['micro-batch'];
  const microBatch = microArg === undefined ? undefined : microArg === 'auto' ? 'auto' : Number(microArg);
  if (microBatch !== undefined && microBatch !== 'auto' && !(Number.isInteger(microBatch) && microBatch > 0)) throw new InputError(`--micro-batch: expected auto or a positive integer, got '${microArg}'`);
  const gpuFlops = Number(values['gpu-tflops']) * 1e12 * Number(values['gpu-utilisation']);
  const rows = [];
  for (const archName of values.archs!.split(',')) {
    const arch = ARCHS.find((a) => a.name === archName);
    if (!arch) throw new InputError(`--archs: unknown '${archName}' (known: ${ARCHS.map((a) => a.name).join(', ')})`);
    for (const method of values.methods!.split(',')) {
      const settings = paperSettings(arch, method);
      const batch = values.tiny ? 2 : values.batch ? Number(values.batch) : commonBatch(settings);
      const length = values.tiny ? 16 : values.length ? Number(values.length) : settings.length;
      const req: RowRequest = { arch: archName, method, batch, length, checkpointing: values.checkpointing!, weightPacks, ...(microBatch !== undefined && { microBatch }), backend, tiny: values.tiny!, seed: Number(values.seed) };
      process.stderr.write(`${archName} ${method} ${batch}×${length}${req.checkpointing ? ' recompute' : ''}${weightPacks !== 'auto' ? ` packs ${weightPacks}` : ''}${microBatch !== undefined ? ` micro-batch ${microBatch}` : ''} … `);
      const r = runChild(req);
      if (!r.plan) Object.assign(r, { arch: archName, method, batch, length, checkpointing: req.checkpointing, params: 0, trainable: 0, plan: { peakBytes: 0, fits: false, summary: '' } });
      const steps = tableSteps(settings);
      const row = { ...r, settings, tableSteps: steps } as RowResult & { settings: PaperSettings; tableSteps: number; tableHoursHere?: number; tableHoursGpu?: number };
      if (r.stepMs !== undefined) {
        // steps at other batches scale with their batch (time per row is what is measured)
        let here = 0;
        for (const [task, t] of Object.entries(settings.tasks)) here += t.epochs * Math.ceil((TRAIN_SIZES[task] ?? 0) / t.batch) * (r.stepMs / 1000) * (t.batch / batch);
        row.tableHoursHere = here / 3600;
      }
      if (r.params > 0 && !values.tiny) {
        const config = readHfConfig(join(CONFIG_DIR, archName, 'config.json'));
        let gpu = 0;
        for (const [task, t] of Object.entries(settings.tasks)) gpu += t.epochs * Math.ceil((TRAIN_SIZES[task] ?? 0) / t.batch) * stepFlops(config, r.params, r.trainable, t.batch, length);
        row.tableHoursGpu = gpu / gpuFlops / 3600;
      }
      process.stderr.write(`${r.refused ? `refused: ${r.refused}` : r.error ? `failed: ${r.error}` : `${((r.stepMs ?? 0) / 1000).toFixed(1)} s/step, plan error ${((r.planError ?? 0) * 100).toFixed(1)}%`}\n`);
      rows.push(row);
    }
  }
  const table = formatScaleTable(rows);
  console.log(table);
  console.log(`\nGPU projection: matmul FLOPs / (${values['gpu-tflops']} TFLOP/s × ${values['gpu-utilisation']} utilisation); table = one seed of every task column, paper batch and epochs (sources in the JSON).`);
  writeJsonAtomic(values.out!, { date: new Date().toISOString(), backend, tiny: values.tiny, gpu: { tflops: Number(values['gpu-tflops']), utilisation: Number(values['gpu-utilisation']) }, rows });
  console.log(`wrote ${values.out}`);
  const bad = rows.filter((r) => r.planError !== undefined && Math.abs(r.planError) > 0.25);
  if (bad.length) {
    console.log(`plan estimate off by more than 25% for: ${bad.map((r) => `${r.arch}/${r.method}`).join(', ')}`);
    process.exitCode = 1;
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  main().catch((err) => {
    console.error(err instanceof InputError ? err.message : err);
    process.exit(1);
  });
}
