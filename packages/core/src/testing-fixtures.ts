/**
 * Test support shared by method packages: the HF parity fixtures (../shared/fixtures/hf-parity) as models
 * and input batches. Import from '@peftbench/core/testing'.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { hasShared, sharedDir } from '@peftbench/util';
import { loadModel, type PreTrainedModel, type TaskKind } from './models/index.ts';
import type { ModelInput } from './hooks.ts';

export const FIXTURE_ROOT = join(sharedDir, 'fixtures/hf-parity');
export const fixturesAvailable = hasShared('fixtures/hf-parity');
if (!fixturesAvailable) console.log(`skipping fixture tests: ${FIXTURE_ROOT} is absent`);


/** The encoder fixtures core can run, with the task their checkpoint was saved for. */
export const ENCODER_FIXTURES: { name: string; task: TaskKind }[] = [
  { name: 'bert-1', task: 'sequence-classification' },
  { name: 'bert-2', task: 'token-classification' },
  { name: 'roberta-1', task: 'sequence-classification' },
  { name: 'roberta-2', task: 'token-classification' },
];


export async function loadFixture(name: string, task: TaskKind = 'sequence-classification', seed = 0): Promise<PreTrainedModel> {
  return (await loadModel(join(FIXTURE_ROOT, name), { task, seed })).model;
}

export function fixtureConfig(name: string): Record<string, unknown> & { model_type: string } {
  return JSON.parse(readFileSync(join(FIXTURE_ROOT, name, 'config.json'), 'utf8'));
}

/** Every batch of the fixture's inputs.json as a ModelInput. */
export function fixtureBatches(name: string): ModelInput[] {
  const inputs = JSON.parse(readFileSync(join(FIXTURE_ROOT, name, 'inputs.json'), 'utf8'));
  return inputs.batches.map((b: any) => ({
    inputIds: b.input_ids,
    attentionMask: b.attention_mask,
    tokenTypeIds: b.token_type_ids ?? undefined,
    positionIds: b.position_ids ?? undefined,
  }));
}

/** Logits of every batch, flattened into one array (eval mode). */
export function allLogits(model: PreTrainedModel, batches: ModelInput[]): Float32Array {
  const parts = batches.map((b) => tf.tidy(() => model.forward(b).logits!.dataSync() as Float32Array));
  const out = new Float32Array(parts.reduce((s, p) => s + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`length ${a.length} vs ${b.length}`);
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]));
  return worst;
}

/** Overwrite every parameter for which `pick` holds with seeded random values (so edits are not identities). */
export function randomize(model: PreTrainedModel, pick: (name: string) => boolean, seed: number, scale = 0.5): void {
  let s = seed;
  for (const p of model.params.all()) {
    if (!pick(p.name)) continue;
    const v = tf.tidy(() => tf.add(p.variable, tf.randomUniform(p.variable.shape, -scale, scale, 'float32', s++)));
    p.variable.assign(v);
    v.dispose();
  }
}

/** HF parity: largest |actual - float32(expected)| over [B, T, ...] positions where mask[b][t] = 1 (all when no mask). */
export function maxAbsDiffToExpected(actual: tf.Tensor, expected: unknown, mask?: number[][]): number {
  const a = actual.arraySync() as any;
  let worst = 0;
  const walk = (x: any, y: any, b: number, t: number, depth: number) => {
    if (Array.isArray(y)) {
      y.forEach((_, i) => walk(x[i], y[i], depth === 0 ? i : b, depth === 1 ? i : t, depth + 1));
      return;
    }
    if (mask && depth >= 2 && !mask[b][t]) return;
    worst = Math.max(worst, Math.abs(x - Math.fround(y)));
  };
  walk(a, expected, 0, 0, 0);
  return worst;
}
