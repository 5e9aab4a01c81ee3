/**
 * Turns the per-process measurements into the bench's summary: medians pooled over rounds, the ratios
 * RED/FT and LoRA/FT (same process, interleaved), peftbench ÷ PyTorch at the same batch and thread count,
 * the issue's two targets, and the printed table. Pure functions: tested with a tiny model.
 */
import { cpus, loadavg, totalmem } from 'node:os';
import type { BackendName } from '@peftbench/core';
import type { BackendMeasurement, MethodMeasurement } from './measure.ts';
import type { EncoderShape } from './reference-encoder.ts';
import { median } from './timing.ts';
import type { TorchMeasurement } from './torch-peer.ts';
import { VARIANT_NAMES, type VariantName } from './variants.ts';

/** Issue 2 item 8, tightened by issue 20 item 6: a frozen-backbone step ≤ 0.6 of a full step; wasm full step ≤ 2x PyTorch (1 thread). */
export const TARGET_FROZEN_OVER_FULL = 0.6;
export const TARGET_WASM_OVER_TORCH = 2;

export interface ConfigSummary {
  label: string;
  backend: BackendName;
  threads: number;
  simd?: boolean;
  batchSize: number;
  seqLen: number;
  /** Timed steps per configuration, all rounds together. */
  steps: number;
  rounds: number;
  medianMs: Record<VariantName, number>;
  ms: Record<VariantName, number[]>;
  redOverFt: number;
  loraOverFt: number;
  /** peftbench ÷ PyTorch per configuration, when PyTorch ran at the same batch and threads. */
  vsTorch?: Record<VariantName, number>;
  evalLoss: number;
  /** |evalLoss − PyTorch's| / PyTorch's (same weights and batch, no dropout). */
  evalLossRelDiff?: number;
  torchEvalLoss?: number;
  trainableParams: Partial<Record<VariantName, number>>;
  leakedTensors: number;
  lossesFinite: boolean;
  versions: Record<string, string>;
  notes: string[];
  /** `--methods` rows pooled over rounds: median step ms and ÷ this configuration's full-FT median. */
  methods?: MethodSummary[];
}

export type MethodSummary =
  | { name: string; label: string; trainableParams: number; ms: number[]; medianMs: number; overFt: number; lossesFinite: boolean }
  | { name: string; refused: string };

/** Pool one method's rows over rounds; a method refused in any round is reported refused. */
export function summarizeMethods(runs: BackendMeasurement[], fullFtMedian: number): MethodSummary[] | undefined {
  const first = runs[0].methods;
  if (!first) return undefined;
  return first.map((m) => {
    const all = runs.map((r) => r.methods?.find((x) => x.name === m.name)).filter((x): x is MethodMeasurement => x !== undefined);
    const refused = all.find((x) => 'refused' in x);
    if (refused) return refused;
    const timed = all as Extract<MethodMeasurement, { ms: number[] }>[];
    const ms = timed.flatMap((x) => x.ms);
    const med = median(ms);
    return { name: m.name, label: timed[0].label, trainableParams: timed[0].trainableParams, ms, medianMs: med, overFt: med / fullFtMedian, lossesFinite: timed.every((x) => x.losses.every(Number.isFinite)) };
  });
}

export interface TorchSummary {
  threads: number;
  torch: string;
  python: string;
  blas: string[];
  batchSize: number;
  seqLen: number;
  steps: number;
  medianMs: Record<VariantName, number>;
  ms: Record<VariantName, number[]>;
  evalLoss: number;
  trainableParams: Partial<Record<VariantName, number>>;
}

export interface Targets {
  frozenOverFull: { target: number; red: number | null; lora: number | null; met: boolean | null; on: string | null };
  wasmOverTorch: { target: number; value: number | null; met: boolean | null; on: string | null };
}

const pooled = (runs: { ms: Partial<Record<VariantName, number[]>> }[], v: VariantName) => runs.flatMap((r) => r.ms[v] ?? []);

/** Pool the rounds of one backend configuration (same label) into one summary. */
export function summarizeConfig(label: string, runs: BackendMeasurement[]): ConfigSummary {
  const first = runs[0];
  const ms = Object.fromEntries(VARIANT_NAMES.map((v) => [v, pooled(runs, v)])) as Record<VariantName, number[]>;
  const medianMs = Object.fromEntries(VARIANT_NAMES.map((v) => [v, median(ms[v])])) as Record<VariantName, number>;
  return {
    label,
    backend: first.backend,
    threads: first.threads,
    simd: first.simd,
    batchSize: first.batchSize,
    seqLen: first.seqLen,
    steps: ms['full-ft'].length,
    rounds: runs.length,
    medianMs,
    ms,
    redOverFt: medianMs.red / medianMs['full-ft'],
    loraOverFt: medianMs.lora / medianMs['full-ft'],
    evalLoss: first.evalLoss,
    trainableParams: first.trainableParams,
    leakedTensors: Math.max(...runs.map((r) => r.leakedTensors)),
    lossesFinite: runs.every((r) => Object.values(r.losses).every((l) => l!.every(Number.isFinite))),
    versions: first.versions,
    notes: first.notes,
    ...(first.methods ? { methods: summarizeMethods(runs, medianMs['full-ft']) } : {}),
  };
}

export function summarizeTorch(runs: TorchMeasurement[], batchSize: number, seqLen: number): TorchSummary {
  const first = runs[0];
  const ms = Object.fromEntries(VARIANT_NAMES.map((v) => [v, runs.flatMap((r) => r.ms[v])])) as Record<VariantName, number[]>;
  return {
    threads: first.threads,
    torch: first.torch,
    python: first.python,
    blas: first.blas,
    batchSize,
    seqLen,
    steps: ms['full-ft'].length,
    medianMs: Object.fromEntries(VARIANT_NAMES.map((v) => [v, median(ms[v])])) as Record<VariantName, number>,
    ms,
    evalLoss: first.evalLoss,
    trainableParams: first.trainableParams,
  };
}

/** Attach peftbench ÷ PyTorch where PyTorch ran the same batch on the same number of threads. */
export function compareWithTorch(configs: ConfigSummary[], torch: TorchSummary[]): void {
  for (const c of configs) {
    const peer = torch.find((t) => t.threads === c.threads && t.batchSize === c.batchSize && t.seqLen === c.seqLen);
    if (!peer) continue;
    c.vsTorch = Object.fromEntries(VARIANT_NAMES.map((v) => [v, c.medianMs[v] / peer.medianMs[v]])) as Record<VariantName, number>;
    c.torchEvalLoss = peer.evalLoss;
    c.evalLossRelDiff = Math.abs(c.evalLoss - peer.evalLoss) / Math.abs(peer.evalLoss);
  }
}

export function evaluateTargets(configs: ConfigSummary[]): Targets {
  // Judged on wasm with one thread (the issue's setting), else on the first configuration that ran.
  const ref = configs.find((c) => c.backend === 'wasm' && c.threads === 1) ?? configs[0];
  const frozen = ref ? Math.max(ref.redOverFt, ref.loraOverFt) : null;
  const wasm1 = configs.find((c) => c.backend === 'wasm' && c.threads === 1 && c.vsTorch);
  const vs = wasm1?.vsTorch?.['full-ft'] ?? null;
  return {
    frozenOverFull: { target: TARGET_FROZEN_OVER_FULL, red: ref?.redOverFt ?? null, lora: ref?.loraOverFt ?? null, met: frozen === null ? null : frozen <= TARGET_FROZEN_OVER_FULL, on: ref?.label ?? null },
    wasmOverTorch: { target: TARGET_WASM_OVER_TORCH, value: vs, met: vs === null ? null : vs <= TARGET_WASM_OVER_TORCH, on: wasm1 ? `${wasm1.label} vs PyTorch ${wasm1.threads} thread(s)` : null },
  };
}

const msText = (x: number) => (x >= 100 ? x.toFixed(0) : x.toFixed(1));
const ratioText = (x: number | undefined) => (x === undefined || !Number.isFinite(x) ? '–' : x.toFixed(2));

export interface TableInput {
  shape: EncoderShape;
  configs: ConfigSummary[];
  skipped: { label: string; reason: string }[];
  torch: TorchSummary[];
  torchSkipped?: string;
  targets: Targets;
  defaultBatchSize: number;
}

/** The printed table (markdown) with the ratios, the targets and what did not run. */
export function formatTable(t: TableInput): string {
  const s = t.shape;
  const lines = [
    `reference ${s.arch === 't5' ? 'encoder-decoder: T5' : `encoder: ${{ bert: 'BERT', roberta: 'RoBERTa', 'deberta-v2': 'DeBERTa-v2' }[s.arch ?? 'bert']}`}, hidden ${s.hiddenSize}, ${s.numLayers} layers, ${s.numHeads} heads, FFN ${s.intermediateSize}, vocab ${s.vocabSize}; ` +
      `train step = forward + backward + AdamW; medians of interleaved steps; ratios measured in one process`,
    '',
    '| backend | threads | batch × seq | steps | full FT ms | RED ms | LoRA r=8 ms | forward ms | RED/FT | LoRA/FT | FT ÷ torch | RED ÷ torch | LoRA ÷ torch | fwd ÷ torch |',
    '|---|---|---|---|---|---|---|---|---|---|---|---|---|---|',
  ];
  for (const c of t.configs) {
    const small = c.batchSize !== t.defaultBatchSize ? ` (smaller: ${c.backend} is slow)` : '';
    const m = c.medianMs;
    const v = c.vsTorch;
    lines.push(
      `| ${c.label} | ${c.threads} | ${c.batchSize} × ${c.seqLen}${small} | ${c.steps} | ${msText(m['full-ft'])} | ${msText(m.red)} | ${msText(m.lora)} | ${msText(m.forward)} | ` +
        `${ratioText(c.redOverFt)} | ${ratioText(c.loraOverFt)} | ${ratioText(v?.['full-ft'])} | ${ratioText(v?.red)} | ${ratioText(v?.lora)} | ${ratioText(v?.forward)} |`,
    );
  }
  for (const p of t.torch) {
    const m = p.medianMs;
    lines.push(
      `| PyTorch ${p.torch} | ${p.threads} | ${p.batchSize} × ${p.seqLen} | ${p.steps} | ${msText(m['full-ft'])} | ${msText(m.red)} | ${msText(m.lora)} | ${msText(m.forward)} | ` +
        `${ratioText(m.red / m['full-ft'])} | ${ratioText(m.lora / m['full-ft'])} | 1.00 | 1.00 | 1.00 | 1.00 |`,
    );
  }
  for (const c of t.configs) {
    if (!c.methods) continue;
    lines.push('', `methods (${c.label}, default configs; step ÷ this run's full-FT step ${msText(c.medianMs['full-ft'])} ms):`, '', '| method | trainable params | step ms | ÷ full FT |', '|---|---|---|---|');
    for (const m of c.methods) {
      lines.push('refused' in m ? `| ${m.name} | – | refused: ${m.refused.replaceAll('|', '\\|')} | – |` : `| ${m.label} | ${m.trainableParams} | ${msText(m.medianMs)} | ${ratioText(m.overFt)} |`);
      if (!('refused' in m) && !m.lossesFinite) lines.push(`warning (${c.label}, ${m.name}): a training loss was not finite`);
    }
  }
  lines.push('');
  const f = t.targets.frozenOverFull;
  if (f.on) lines.push(`target: frozen-backbone step ≤ ${f.target} of a full step (${f.on}): RED ${ratioText(f.red ?? undefined)}, LoRA ${ratioText(f.lora ?? undefined)} → ${f.met ? 'met' : 'NOT met'}`);
  const w = t.targets.wasmOverTorch;
  lines.push(w.on ? `target: wasm full step ≤ ${w.target}x PyTorch (${w.on}): ${ratioText(w.value ?? undefined)}x → ${w.met ? 'met' : 'NOT met'}` : `target: wasm full step ≤ ${w.target}x PyTorch: not measured (${t.torchSkipped ?? 'run with --vs-torch'})`);
  for (const c of t.configs) {
    if (c.torchEvalLoss !== undefined) {
      lines.push(`numerics (${c.label}): inference loss ${c.evalLoss.toPrecision(7)} vs PyTorch ${c.torchEvalLoss.toPrecision(7)}, relative difference ${c.evalLossRelDiff!.toExponential(1)}`);
    }
    if (c.leakedTensors !== 0) lines.push(`warning (${c.label}): ${c.leakedTensors} tensors leaked over the timed steps`);
    if (!c.lossesFinite) lines.push(`warning (${c.label}): a training loss was not finite`);
    for (const n of c.notes) lines.push(`note (${c.label}): ${n}`);
  }
  for (const sk of t.skipped) lines.push(`skipped ${sk.label}: ${sk.reason}`);
  if (t.torchSkipped) lines.push(`PyTorch: ${t.torchSkipped}`);
  return lines.join('\n');
}

export function machineInfo(): Record<string, unknown> {
  const cpu = cpus();
  return {
    cpuModel: cpu[0]?.model ?? 'unknown',
    cpus: cpu.length,
    totalMemoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    loadAverage1m: Math.round(loadavg()[0] * 100) / 100,
    platform: `${process.platform} ${process.arch}`,
    node: process.versions.node,
  };
}
