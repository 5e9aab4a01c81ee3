/**
 * One backend's measurement, run inside one process (tfjs holds one backend per process): build the
 * four configurations, time them interleaved, and return the raw per-step times with medians.
 */
import * as tf from '@tensorflow/tfjs-core';
import { getMethod, initBackend, type BackendName } from '@peftbench/core';
import { loadMethods } from '@peftbench/discovery';
import { benchBatch, type EncoderShape } from './reference-encoder.ts';
import { interleaved, median } from './timing.ts';
import { buildMethodVariant, buildVariant, evalLoss, VARIANT_NAMES, type MethodVariant, type VariantName } from './variants.ts';
import { profileFullStep, type StepProfile } from './profile.ts';

export interface MeasureRequest {
  backend: BackendName;
  threads: number;
  shape: EncoderShape;
  batchSize: number;
  seqLen: number;
  steps: number;
  warmup: number;
  seed: number;
  /** Also break one full fine-tuning step into phases and kernels (see profile.ts). */
  profile?: boolean;
  /** Print each round's times to stderr (long runs). */
  progress?: boolean;
  /** Which configurations to time (default all four). */
  variants?: VariantName[];
  /** Discovered methods (names) to time beside them, each with its default config (`--methods`). */
  methods?: string[];
}

/** One `--methods` row: timed like the others, in the same rounds; or the reason the method refused the encoder. */
export type MethodMeasurement =
  | { name: string; label: string; trainableParams: number; ms: number[]; medianMs: number; losses: number[] }
  | { name: string; refused: string };

export interface BackendMeasurement {
  backend: BackendName;
  threads: number;
  simd?: boolean;
  versions: Record<string, string>;
  notes: string[];
  batchSize: number;
  seqLen: number;
  steps: number;
  warmup: number;
  trainableParams: Partial<Record<VariantName, number>>;
  /** Every timed step, ms, in round order. */
  ms: Partial<Record<VariantName, number[]>>;
  medianMs: Partial<Record<VariantName, number>>;
  /** Training losses of the timed steps (finite = the step really trained). */
  losses: Partial<Record<VariantName, number[]>>;
  /** Inference-mode cross-entropy of the initial model on the batch (compared with PyTorch's). */
  evalLoss: number;
  /** Tensors alive at the end minus after the first round (0 = steps leak nothing). */
  leakedTensors: number;
  profile?: StepProfile;
  /** `--methods` rows, in the order asked. */
  methods?: MethodMeasurement[];
}

export async function measureBackend(req: MeasureRequest): Promise<BackendMeasurement> {
  const info = await initBackend({ backend: req.backend, threads: req.threads });
  await loadMethods(); // registers full-ft, red, lora with core's registry (buildVariant looks them up)
  const batch = benchBatch(req.shape, req.batchSize, req.seqLen, req.seed + 1);
  const names = req.variants ?? [...VARIANT_NAMES];
  const variants = names.map((n) => buildVariant(n, req.shape, req.seed));
  const losses = Object.fromEntries(names.map((n) => [n, [] as number[]])) as Record<VariantName, number[]>;
  const initialLoss = evalLoss(variants[0].model, batch);
  // each method row ran one untimed probe step already (a refusal is caught there, not mid-timing)
  const methodRows = [];
  for (const n of req.methods ?? []) methodRows.push(await buildMethodVariant(getMethod(n), req.shape, req.seed, batch));
  const timedMethods = methodRows.filter((m): m is MethodVariant => !('refused' in m));
  const methodLosses = new Map(timedMethods.map((m) => [m.name, [] as number[]]));
  const key = (name: string) => `method:${name}`;
  let afterFirstRound = 0; // optimizer state exists from here on
  const allMs = interleaved<string>(
    [
      ...variants.map((v) => ({
        name: v.name as string,
        run: () => {
          const loss = v.run(batch);
          if (v.name !== 'forward') losses[v.name].push(loss);
        },
      })),
      ...timedMethods.map((m) => ({ name: key(m.name), run: () => void methodLosses.get(m.name)!.push(m.run(batch)) })),
    ],
    req.steps,
    req.warmup,
    (round, roundMs) => {
      if (round === -req.warmup) afterFirstRound = tf.memory().numTensors;
      if (req.progress) {
        const what = round < 0 ? `warm-up ${round + req.warmup + 1}/${req.warmup}` : `step ${round + 1}/${req.steps}`;
        const times = Object.entries(roundMs).map(([k, v]) => `${k} ${(v as number).toFixed(0)} ms`).join(', ');
        process.stderr.write(`  ${info.name} ${info.threads}t ${what}: ${times}\n`);
      }
    },
  );
  const leakedTensors = tf.memory().numTensors - afterFirstRound;
  const ms = Object.fromEntries(names.map((n) => [n, allMs[n]])) as Record<VariantName, number[]>;
  const methods: MethodMeasurement[] = methodRows.map((m) =>
    'refused' in m
      ? m
      : { name: m.name, label: m.label, trainableParams: m.trainableParams, ms: allMs[key(m.name)], medianMs: median(allMs[key(m.name)]), losses: methodLosses.get(m.name)!.slice(req.warmup) },
  );
  const profile = req.profile ? await profileFullStep(req.shape, req.seed, batch) : undefined;
  const result: BackendMeasurement = {
    backend: info.name,
    threads: info.threads,
    simd: info.simd,
    versions: info.versions,
    notes: info.notes,
    batchSize: req.batchSize,
    seqLen: req.seqLen,
    steps: req.steps,
    warmup: req.warmup,
    trainableParams: Object.fromEntries(variants.map((v) => [v.name, v.trainableParams])),
    ms,
    medianMs: Object.fromEntries(names.map((n) => [n, median(ms[n])])),
    // only the timed steps' losses (warm-up steps trained too, and came first)
    losses: Object.fromEntries(names.filter((n) => n !== 'forward').map((n) => [n, losses[n].slice(req.warmup)])),
    evalLoss: initialLoss,
    leakedTensors,
    profile,
    ...(req.methods ? { methods } : {}),
  };
  variants.forEach((v) => v.dispose());
  timedMethods.forEach((m) => m.dispose());
  return result;
}
