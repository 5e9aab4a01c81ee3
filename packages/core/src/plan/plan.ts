/**
 * Memory plan: before a model is loaded, estimate the peak memory of one training step from config.json,
 * the method's trainable count, batch, length and backend, and check it against the backend's limit.
 *
 *   peak = weights (all parameters, one copy: frozen weights are never duplicated, see kernels/identity.ts)
 *        + AdamW moments (2 × trainable) + best-checkpoint copy (1 × trainable, when evaluation keeps one)
 *        + step peak: activations the forward keeps for the backward, the backward's transients and the
 *          gradients of the trainable parameters
 *
 * The step peak is a linear model in the sizes that decide it (per layer: N·D, N·F, B·H·T², B·T²; outside
 * the layers: N·D, N·V; trainable), N = micro-batch rows × T tokens, with coefficients fitted to measured
 * peaks of distinct backend buffers (`trackBufferBytes`) of real training steps on wasm for each
 * architecture family, with and without activation recomputation, full and frozen backbone
 * (`npx nx run bench:plan-calibrate` measures the grid again; fit error on it: ≤ 6% for full fine-tuning
 * and checkpointed runs, ≤ 11% for frozen backbones without checkpointing, 2 to 4 layers). tfjs keeps every
 * intermediate tensor of the forward alive until the loss exists (the forward runs in one tidy scope), so
 * without recomputation the per-layer cost is ~60·N·D floats, several times PyTorch's.. Float32 throughout.
 */
import { freemem, totalmem } from 'node:os';
import { readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { InputError } from '@peftbench/util';
import type { HfConfig } from '../models/config.ts';
import type { TaskSpec } from '../method.ts';
import { PACK_BLOCK_BYTES } from '../backend/matmul-fast.ts';

export type PlanBackend = 'tensorflow-gpu' | 'tensorflow' | 'wasm' | 'cpu' | 'webgpu';

/** Sizes that decide memory, read from config.json. */
export interface ModelDims {
  family: 'encoder' | 'gpt2' | 'llama' | 't5' | 'deberta';
  layers: number;
  hidden: number;
  intermediate: number;
  heads: number;
  vocab: number;
  /** Parameter count of the model with the task's head (exact for encoder / GPT-2 / Llama, ±1% otherwise). */
  parameters: number;
  /** Whether `parameters` is exact (false: T5 / DeBERTa, counted from the main shapes). */
  exact: boolean;
}

const num = (c: HfConfig, key: string, file: string): number => {
  const v = c[key];
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new InputError(`${file} [${key}]: a number is needed for the memory plan`);
  return v;
};

/** Dimensions and parameter count from config.json (task decides the head). */
export function modelDims(c: HfConfig, task: TaskSpec, file = 'config.json'): ModelDims {
  const labels = task.numLabels ?? 2;
  switch (c.model_type) {
    case 'bert':
    case 'roberta': {
      const D = num(c, 'hidden_size', file), L = num(c, 'num_hidden_layers', file), F = num(c, 'intermediate_size', file), V = num(c, 'vocab_size', file);
      const P = num(c, 'max_position_embeddings', file), TV = (c.type_vocab_size as number | undefined) ?? 2;
      let n = V * D + P * D + TV * D + 2 * D + L * (4 * (D * D + D) + 2 * D + (D * F + F) + (F * D + D) + 2 * D);
      const pooler = c.model_type === 'bert' && (task.kind === 'sequence-classification' || task.kind === 'bare');
      if (pooler) n += D * D + D;
      if (task.kind === 'sequence-classification') n += c.model_type === 'roberta' ? D * D + D + D * labels + labels : D * labels + labels;
      else if (task.kind === 'token-classification') n += D * labels + labels;
      else if (task.kind === 'masked-lm') n += D * D + D + 2 * D + V;
      return { family: 'encoder', layers: L, hidden: D, intermediate: F, heads: num(c, 'num_attention_heads', file), vocab: V, parameters: n, exact: true };
    }
    case 'gpt2': {
      const D = num(c, 'n_embd', file), L = num(c, 'n_layer', file), V = num(c, 'vocab_size', file), P = num(c, 'n_positions', file);
      const F = (c.n_inner as number | null | undefined) ?? 4 * D;
      const n = V * D + P * D + L * (2 * D + (D * 3 * D + 3 * D) + (D * D + D) + 2 * D + (D * F + F) + (F * D + D)) + 2 * D;
      return { family: 'gpt2', layers: L, hidden: D, intermediate: F, heads: num(c, 'n_head', file), vocab: V, parameters: n, exact: true };
    }
    case 'llama': {
      const D = num(c, 'hidden_size', file), L = num(c, 'num_hidden_layers', file), F = num(c, 'intermediate_size', file), V = num(c, 'vocab_size', file);
      const H = num(c, 'num_attention_heads', file), Hkv = (c.num_key_value_heads as number | undefined) ?? H;
      const dkv = Hkv * (D / H);
      const bias = c.attention_bias === true;
      const attn = D * D + 2 * D * dkv + D * D + (bias ? 2 * D + 2 * dkv : 0);
      let n = V * D + L * (2 * D + attn + 3 * D * F) + D;
      if (task.kind === 'causal-lm' && c.tie_word_embeddings !== true) n += D * V;
      return { family: 'llama', layers: L, hidden: D, intermediate: F, heads: H, vocab: V, parameters: n, exact: true };
    }
    case 't5': {
      const D = num(c, 'd_model', file), F = num(c, 'd_ff', file), V = num(c, 'vocab_size', file), H = num(c, 'num_heads', file), dkv = num(c, 'd_kv', file);
      const E = num(c, 'num_layers', file), Dl = (c.num_decoder_layers as number | undefined) ?? E;
      const gated = String(c.feed_forward_proj ?? 'relu').startsWith('gated');
      const attn = 4 * D * H * dkv;
      const ffn = (gated ? 3 : 2) * D * F;
      const n = V * D + E * (attn + ffn + 2 * D) + Dl * (2 * attn + ffn + 3 * D) + 2 * D + (c.tie_word_embeddings === false ? V * D : 0);
      return { family: 't5', layers: E + Dl, hidden: D, intermediate: F, heads: H, vocab: V, parameters: n, exact: false };
    }
    case 'deberta-v2': {
      const D = num(c, 'hidden_size', file), L = num(c, 'num_hidden_layers', file), F = num(c, 'intermediate_size', file), V = num(c, 'vocab_size', file);
      const buckets = (c.position_buckets as number | undefined) ?? (c.max_relative_positions as number | undefined) ?? 256;
      const n = V * D + 2 * D + L * (4 * (D * D + D) + 2 * D + 2 * D * F + F + D + 2 * D) + 2 * buckets * D + 2 * D + (task.kind === 'sequence-classification' ? D * D + D + D * labels + labels : 0);
      return { family: 'deberta', layers: L, hidden: D, intermediate: F, heads: num(c, 'num_attention_heads', file), vocab: V, parameters: n, exact: false };
    }
    default:
      throw new InputError(`${file} [model_type]: '${c.model_type}' has no memory model (known: bert, roberta, deberta-v2, gpt2, llama, t5)`);
  }
}

/**
 * Step-peak coefficients (floats) per family × recomputation × backbone, fitted on wasm (see file comment).
 * encoder and gpt2 refitted for issue 20's fused LayerNorm kernel, GELU and dropout masks (fewer tensors kept:
 * ~45·N·D + 6·N·F per encoder layer instead of ~61·N·D + 17·N·F), on plan-calibrate's grid with
 * --families encoder,gpt2: every row within 3.6%; llama (RMSNorm, SiLU; dropout 0 in its configs) keeps its fit.
 * [stack..., oneLayer N·D, N·F, B·H·T², B·T², outside N·D, N·V, trainable]. `stack` is L × [N·D, N·F, B·H·T², B·T²]
 * without recomputation and L × N·D with it.
 */
const COEFFICIENTS: Record<string, { stack: number[]; layer: number[]; outside: number[]; trainable: number }> = {
  'encoder/plain/full': { stack: [45.02, 6.01, 10.97, 0], layer: [12.64, 0.63, 0, 0], outside: [0, 0], trainable: 1 },
  'encoder/plain/frozen': { stack: [37.57, 5, 9.12, 0], layer: [9.65, 0, 0, 0], outside: [0, 0], trainable: 1 },
  'encoder/ckpt/full': { stack: [2], layer: [54.61, 4.65, 9.63, 5.86], outside: [0, 0], trainable: 1 },
  'encoder/ckpt/frozen': { stack: [2], layer: [55.31, 5.98, 10.77, 0], outside: [0, 0], trainable: 1 },
  'gpt2/plain/full': { stack: [43.47, 18.53, 12.08, 0], layer: [0, 3.19, 8.44, 0], outside: [7.48, 8.46], trainable: 1 },
  'gpt2/plain/frozen': { stack: [36.23, 15.44, 10.06, 0], layer: [0, 1.28, 9.34, 0], outside: [5.21, 5.46], trainable: 1 },
  'gpt2/ckpt/full': { stack: [2], layer: [0, 19.95, 15.31, 0], outside: [48.15, 11.39], trainable: 1 },
  'gpt2/ckpt/frozen': { stack: [2], layer: [50.57, 19.81, 17.93, 0], outside: [0, 9.53], trainable: 1 },
  'llama/plain/full': { stack: [50.34, 13.89, 11.13, 15.17], layer: [0, 1.47, 7.06, 0], outside: [6.54, 9.1], trainable: 1 },
  'llama/plain/frozen': { stack: [41.6, 12.08, 15.15, 12.61], layer: [0, 0, 0, 0], outside: [0, 2.57], trainable: 1 },
  'llama/ckpt/full': { stack: [1.98], layer: [0, 10.16, 5.02, 35.7], outside: [67.33, 10.49], trainable: 1 },
  'llama/ckpt/frozen': { stack: [2.0], layer: [0, 10.17, 4.27, 31.49], outside: [73.04, 11.75], trainable: 1 },
};
/** Families without their own fit borrow the nearest one (T5 ≈ Llama: pre-norm, no biases; DeBERTa ≈ encoder, ×1.5 for relative attention). */
const BORROW: Record<ModelDims['family'], { from: string; scale: number }> = {
  encoder: { from: 'encoder', scale: 1 },
  gpt2: { from: 'gpt2', scale: 1 },
  llama: { from: 'llama', scale: 1 },
  t5: { from: 'llama', scale: 1.3 },
  deberta: { from: 'encoder', scale: 1.5 },
};

/**
 * Families whose model code runs its layers through activation recomputation (PreTrainedModel.runLayer). T5 does
 * not: its decoder's cross-attention needs the gradient of the encoder output, which `checkpointLayer` does not
 * return, so `gradientCheckpointing` is a no-op there and the plan counts it as off. bench-scale measured T5-base
 * LoRA with checkpointing asked, wasm, 1 × 64 / 1 × 128: tensor buffers 1.58 / 2.38 GiB; planned as recomputed:
 * 1.0 / 1.2 GiB (−37% / −51%); planned without (what runs): 1.6 / 2.6 GiB (+1% / +9%); at 1 × 256 (plan without:
 * 6.0 GiB) the heap ran out.
 */
const RECOMPUTES: Record<ModelDims['family'], boolean> = { encoder: true, gpt2: true, llama: true, deberta: true, t5: false };

export interface MemoryPlanOptions {
  config: HfConfig;
  /** Where config.json came from, for messages. */
  configFile?: string;
  task: TaskSpec;
  /** Trainable scalars (the method's countTrainable), or a fraction of all parameters. */
  trainable: number | { fraction: number };
  /** Rows per optimizer step (the paper's batch). */
  batchSize: number;
  /** Tokens per row (padded length). */
  seqLen: number;
  /** Rows per forward/backward (gradient accumulation over batchSize / microBatch); default batchSize. */
  microBatch?: number;
  gradientCheckpointing?: boolean;
  backend: PlanBackend;
  /** Override the backend's limit (bytes). */
  limitBytes?: number;
  /** Evaluation keeps a copy of the best trainable parameters (the trainer's restoreBest; default true). */
  keepBest?: boolean;
  /**
   * wasm: whether XNNPACK keeps its packed copy of every weight ('kept', fastest) or frozen weights are packed
   * per product and released (`PreTrainedModel.releaseWeightPacks`). Default: 'kept' when that fits, else
   * 'per-product' for a frozen backbone when that fits. Ignored on other backends.
   */
  weightPacks?: WeightPacks;
}

/** wasm: XNNPACK's packed weight copies kept all run, or made per product for frozen weights. */
export type WeightPacks = 'kept' | 'per-product';

export interface MemoryPlan {
  dims: ModelDims;
  trainable: number;
  microBatch: number;
  /** Whether the step recomputes activations (asked and supported by the model family). */
  gradientCheckpointing: boolean;
  /** Set when recomputation was asked for a family that does not recompute (planned without it). */
  recomputeIgnored?: string;
  backend: PlanBackend;
  /** wasm: how XNNPACK's packed weights are held (null on other backends); set the model's releaseWeightPacks from it. */
  weightPacks: WeightPacks | null;
  /** `backendOverhead`: memory the backend holds outside tensors (wasm: XNNPACK's packed weights). */
  bytes: { weights: number; optimizer: number; bestCopy: number; gradients: number; activations: number; backendOverhead: number };
  peakBytes: number;
  limitBytes: number | null;
  limitSource: string;
  fits: boolean;
}

/** emscripten's getHeapMax() in tfjs-backend-wasm 4.22 (65536 pages of 64 KiB, less one). */
export const WASM_HEAP_CEILING = 4294901760;
/** Share of the wasm heap a plan leaves free (see backendMemoryLimit). */
export const WASM_HEAP_FREE = 0.1;

/** The memory a backend may use: wasm's heap ceiling, free RAM for cpu / tensorflow, the GPU's memory. */
export function backendMemoryLimit(backend: PlanBackend): { bytes: number | null; source: string } {
  switch (backend) {
    case 'wasm':
      // tfjs-backend-wasm 4.22: 32-bit memory, max 65536 pages; emscripten's getHeapMax() = 4294901760. Plans
      // keep WASM_HEAP_FREE of it free: the allocator fragments, and the heap measured up to 1.24 × the plan
      // (GPT-2 medium LoRA 1 × 128: plan 3.0 GiB, heap 3.7 GiB); RoBERTa-base LoRA 32 × 256 planned at 3.9 GiB
      // ran out of heap ('memory access out of bounds')
      return { bytes: Math.floor(WASM_HEAP_CEILING * (1 - WASM_HEAP_FREE)), source: `wasm heap ceiling 4 GiB less ${WASM_HEAP_FREE * 100}% kept free for allocator fragmentation (32-bit WebAssembly memory)` };
    case 'cpu':
    case 'tensorflow': {
      const avail = memAvailable();
      return { bytes: avail, source: `available RAM (${gib(avail)} of ${gib(totalmem())})` };
    }
    case 'tensorflow-gpu':
    case 'webgpu': {
      const env = process.env.PEFTBENCH_GPU_MEMORY_GB;
      if (env && Number(env) > 0) return { bytes: Number(env) * 2 ** 30, source: `PEFTBENCH_GPU_MEMORY_GB=${env}` };
      const gpu = nvidiaSmiMemory();
      if (gpu) return { bytes: gpu.bytes, source: `GPU memory (${gpu.name}, nvidia-smi)` };
      return { bytes: null, source: 'GPU memory unknown (no nvidia-smi; set PEFTBENCH_GPU_MEMORY_GB)' };
    }
  }
}

/** MemAvailable from /proc/meminfo (what the kernel can give without swapping), else os.freemem(). */
export function memAvailable(): number {
  try {
    const m = /MemAvailable:\s+(\d+) kB/.exec(readFileSync('/proc/meminfo', 'utf8'));
    if (m) return Number(m[1]) * 1024;
  } catch {
    /* not Linux */
  }
  return freemem();
}

function nvidiaSmiMemory(): { bytes: number; name: string } | null {
  try {
    const out = execFileSync('nvidia-smi', ['--query-gpu=name,memory.total', '--format=csv,noheader,nounits'], { encoding: 'utf8', timeout: 5000, stdio: ['ignore', 'pipe', 'ignore'] });
    const [name, mib] = out.trim().split('\n')[0].split(',').map((s) => s.trim());
    return Number(mib) > 0 ? { bytes: Number(mib) * 2 ** 20, name } : null;
  } catch {
    return null;
  }
}

export function gib(bytes: number): string {
  return `${(bytes / 2 ** 30).toFixed(bytes < 2 ** 30 ? 2 : 1)} GiB`;
}

/** Peak-memory estimate of one training step (no check; see `checkMemoryPlan`). */
export function planMemory(opts: MemoryPlanOptions): MemoryPlan {
  if (opts.backend !== 'wasm') return planWith(opts, null);
  if (opts.weightPacks) return planWith(opts, opts.weightPacks);
  const kept = planWith(opts, 'kept');
  if (kept.fits || kept.trainable >= 0.5 * kept.dims.parameters) return kept;
  const perProduct = planWith(opts, 'per-product');
  return perProduct.fits ? perProduct : kept;
}

function planWith(opts: MemoryPlanOptions, weightPacks: WeightPacks | null): MemoryPlan {
  const file = opts.configFile ?? 'config.json';
  const dims = modelDims(opts.config, opts.task, file);
  const trainable = typeof opts.trainable === 'number' ? opts.trainable : Math.round(opts.trainable.fraction * dims.parameters);
  if (!(trainable >= 0)) throw new InputError(`memory plan [trainable]: ${trainable} is not a count`);
  const microBatch = Math.min(opts.microBatch ?? opts.batchSize, opts.batchSize);
  if (!Number.isInteger(microBatch) || microBatch < 1) throw new InputError(`memory plan [microBatch]: ${opts.microBatch} is not a positive integer`);
  const asked = opts.gradientCheckpointing ?? false;
  const ckpt = asked && RECOMPUTES[dims.family];
  const recomputeIgnored = asked && !ckpt ? `gradient checkpointing asked, but ${dims.family === 't5' ? 'T5' : dims.family} layers do not recompute (planned without)` : undefined;
  const frozen = trainable < 0.5 * dims.parameters;
  const borrow = BORROW[dims.family];
  const k = COEFFICIENTS[`${borrow.from}/${ckpt ? 'ckpt' : 'plain'}/${frozen ? 'frozen' : 'full'}`];
  const B = microBatch, T = opts.seqLen, D = dims.hidden, F = dims.intermediate, H = dims.heads, V = dims.vocab, L = dims.layers;
  const N = B * T;
  const layerF = [N * D, N * F, B * H * T * T, B * T * T];
  const dot = (a: number[], b: number[]) => a.reduce((s, x, i) => s + x * b[i], 0);
  const stack = ckpt ? L * k.stack[0] * N * D : L * dot(k.stack, layerF);
  const lmOutside = opts.task.kind === 'causal-lm' || opts.task.kind === 'masked-lm' ? N * V : 0;
  // frozen backbone without recomputation: the fit underestimates larger models (plan-calibrate: −9 to −18% on
  // its grid; RoBERTa-base 1 × 256 LoRA measured −20%), so ×1.2
  const frozenFix = frozen && !ckpt ? 1.2 : 1;
  const activations = 4 * borrow.scale * frozenFix * (stack + dot(k.layer, layerF) + k.outside[0] * N * D + k.outside[1] * lmOutside);
  // per-product packs: the fresh copy (slice + transpose) of one block of the largest frozen matrix is a tensor like the
  // activations, and a blocked LM head's logits exist twice while its blocks are concatenated
  const blockedHead = lmOutside > 0 && 4 * dims.vocab * dims.hidden > PACK_BLOCK_BYTES;
  const productCopy = weightPacks === 'per-product' ? 2 * packBlockBytes(dims, lmOutside > 0) + (blockedHead ? 4 * lmOutside : 0) : 0;
  const gradients = 4 * k.trainable * trainable;
  const bytes = {
    weights: 4 * dims.parameters,
    optimizer: 4 * 2 * trainable,
    bestCopy: opts.keepBest === false ? 0 : 4 * trainable,
    gradients,
    activations: activations + productCopy,
    backendOverhead: packedWeightBytes(weightPacks, dims, trainable, lmOutside > 0),
  };
  const peakBytes = bytes.weights + bytes.optimizer + bytes.bestCopy + bytes.gradients + bytes.activations + bytes.backendOverhead;
  const limit = opts.limitBytes !== undefined ? { bytes: opts.limitBytes, source: 'given limit' } : backendMemoryLimit(opts.backend);
  return { dims, trainable, microBatch, gradientCheckpointing: ckpt, weightPacks, ...(recomputeIgnored && { recomputeIgnored }), backend: opts.backend, bytes, peakBytes, limitBytes: limit.bytes, limitSource: limit.source, fits: limit.bytes === null || peakBytes <= limit.bytes };
}

/**
 * wasm only: XNNPACK keeps packed copies of matmul operands inside the heap, outside tfjs's tensors.
 * 'kept': measured heap − tensor buffers ≈ 1 × weights (RoBERTa-base LoRA 1 × 256: 0.49 GiB for 0.46 GiB of
 * weights). 'per-product': the trainable weights stay packed; a frozen weight is packed only during its
 * product (from a fresh copy, counted with the activations), a block of at most PACK_BLOCK_BYTES at a time.
 */
function packedWeightBytes(weightPacks: WeightPacks | null, dims: ModelDims, trainable: number, lmHead: boolean): number {
  if (weightPacks === null) return 0;
  if (weightPacks === 'kept') return 4 * dims.parameters;
  return 4 * trainable + packBlockBytes(dims, lmHead);
}

/** Bytes of the largest block a per-product pack holds at once (matMulReleasingPacks: column blocks of ≤ PACK_BLOCK_BYTES). */
function packBlockBytes(dims: ModelDims, lmHead: boolean): number {
  return Math.min(4 * largestFrozenMatrix(dims, lmHead), PACK_BLOCK_BYTES);
}

/** Scalars of the largest weight matrix a step multiplies by: the tied LM head V × D of a language model, else the feed-forward D × F. */
function largestFrozenMatrix(dims: ModelDims, lmHead: boolean): number {
  return Math.max(dims.hidden * dims.intermediate, lmHead ? dims.vocab * dims.hidden : 0);
}

/**
 * Micro-batch for `--micro-batch auto`: the fewest accumulation steps N (micro-batches of ceil(batch / N)
 * rows, as `--micro-batch` gives) whose plan fits. Null when not even one row fits.
 */
export function chooseMicroBatch(opts: MemoryPlanOptions): { microBatch: number; accumulation: number; plan: MemoryPlan } | null {
  let last = 0;
  for (let n = 1; n <= opts.batchSize; n++) {
    const m = Math.ceil(opts.batchSize / n);
    if (m === last) continue;
    last = m;
    const plan = planMemory({ ...opts, microBatch: m });
    if (plan.fits) return { microBatch: m, accumulation: Math.ceil(opts.batchSize / m), plan };
  }
  return null;
}

/** One line per part of the estimate. */
export function describePlan(plan: MemoryPlan): string {
  const b = plan.bytes;
  return (
    `${gib(plan.peakBytes)} = weights ${gib(b.weights)} (${(plan.dims.parameters / 1e6).toFixed(1)}M params) + AdamW moments ${gib(b.optimizer)} + best copy ${gib(b.bestCopy)} ` +
    `+ gradients ${gib(b.gradients)} (${(plan.trainable / 1e6).toFixed(2)}M trainable) + activations ${gib(b.activations)} (micro-batch ${plan.microBatch}${plan.gradientCheckpointing ? ', recomputed per layer' : ''})${b.backendOverhead ? ` + wasm packed weights ${gib(b.backendOverhead)}${plan.weightPacks === 'per-product' ? ' (frozen weights packed per product)' : ''}` : ''}${plan.recomputeIgnored ? ` (${plan.recomputeIgnored})` : ''}`
  );
}

/**
 * Plan, and refuse with an InputError naming the estimate and what would fit (micro-batches, checkpointing,
 * a smaller batch, another backend) when the plan does not fit the backend's limit.
 */
export function checkMemoryPlan(opts: MemoryPlanOptions): MemoryPlan {
  const plan = planMemory(opts);
  if (plan.fits) return plan;
  const file = opts.configFile ?? 'config.json';
  const ideas: string[] = [];
  const noAccum = chooseMicroBatch({ ...opts });
  if (noAccum && noAccum.microBatch < opts.batchSize) ideas.push(`--micro-batch ${noAccum.microBatch} (${noAccum.accumulation} passes of ${noAccum.microBatch} rows per step: ${gib(noAccum.plan.peakBytes)}; or --micro-batch auto)`);
  if (!opts.gradientCheckpointing && RECOMPUTES[plan.dims.family]) {
    const ck = chooseMicroBatch({ ...opts, gradientCheckpointing: true });
    if (ck) ideas.push(`--gradient-checkpointing${ck.microBatch < opts.batchSize ? ` with --micro-batch ${ck.microBatch}` : ''} (${gib(ck.plan.peakBytes)})`);
  }
  const fixed = plan.bytes.weights + plan.bytes.optimizer + plan.bytes.bestCopy + plan.bytes.gradients + plan.bytes.backendOverhead;
  if (plan.limitBytes !== null && fixed > plan.limitBytes) ideas.push(`nothing on this backend: weights${plan.bytes.backendOverhead ? ' (+ wasm packed copy)' : ''}, gradients and AdamW moments alone take ${gib(fixed)}`);
  for (const other of ['tensorflow-gpu', 'tensorflow', 'cpu'] as PlanBackend[]) {
    if (other === opts.backend) continue;
    const limit = backendMemoryLimit(other);
    if (limit.bytes === null) continue;
    const there = chooseMicroBatch({ ...opts, backend: other, limitBytes: limit.bytes }) ?? chooseMicroBatch({ ...opts, backend: other, limitBytes: limit.bytes, gradientCheckpointing: true });
    if (there) {
      const how = [there.accumulation > 1 ? `--micro-batch ${there.microBatch}` : '', there.plan.gradientCheckpointing && !opts.gradientCheckpointing ? '--gradient-checkpointing' : ''].filter(Boolean).join(' ');
      ideas.push(`--backend ${other}${how ? ` ${how}` : ''} (${gib(there.plan.peakBytes)} of ${limit.source})`);
      break;
    }
  }
  throw new InputError(
    `${file}: a training step needs about ${describePlan(plan)}; the ${opts.backend} backend has ${plan.limitBytes === null ? 'an unknown limit' : gib(plan.limitBytes)} (${plan.limitSource}). ` +
      `Batch ${opts.batchSize} × length ${opts.seqLen}. ${ideas.length ? `What would fit: ${ideas.join('; ')}.` : 'Nothing smaller fits: use a machine with more memory.'}`,
  );
}
