/** Write a pretrained model as an HF-format folder, plus pretraining.json (what made it). */
import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { shippedBackbone } from '@peftbench/backbones';
import * as tf from '@tensorflow/tfjs-core';
import { initBackend, type PreTrainedModel, type TrainResult } from '@peftbench/core';
import { writeSafetensors } from '@peftbench/safetensors';
import { writeJsonAtomic } from '@peftbench/util';

export function saveHfFolder(
  out: string,
  model: PreTrainedModel,
  files: { config: object; tokenizerConfig: object; tokenizerJson: object },
  run: { result: TrainResult; started: number; about: Record<string, unknown> },
): void {
  // HF names and layout; tied weights are not written, as save_pretrained does
  const tensors: Record<string, { dtype: 'F32'; shape: number[]; data: Float32Array }> = {};
  for (const [name, t] of model.stateDict()) {
    tensors[name] = { dtype: 'F32', shape: t.shape, data: t.dataSync() as Float32Array };
    t.dispose();
  }
  writeSafetensors(join(out, 'model.safetensors'), tensors, { format: 'pt' });
  writeJsonAtomic(join(out, 'config.json'), files.config);
  writeJsonAtomic(join(out, 'tokenizer_config.json'), files.tokenizerConfig);
  writeFileSync(join(out, 'tokenizer.json'), JSON.stringify(files.tokenizerJson));
  const { result } = run;
  const tail = result.losses.slice(-20);
  writeJsonAtomic(join(out, 'pretraining.json'), {
    ...run.about,
    steps: result.steps,
    firstLoss: result.losses[0],
    finalLoss: tail.reduce((a, b) => a + b, 0) / tail.length,
    wallSeconds: (Date.now() - run.started) / 1000,
    backend: tf.getBackend(),
  });
}

/**
 * The pretrained model folder `dir`: returned as is when it holds a model, else built by `fill` into a
 * temp folder that is renamed to `dir` on success and removed on failure, so a killed pretraining never
 * leaves a half-written model behind.
 */
export async function cachedModelFolder(dir: string, log: ((line: string) => void) | undefined, starting: string, fill: (tmp: string) => Promise<void>): Promise<string> {
  // a backbone shipped in the repo (packages/backbones) under the same recipe + corpus name: no pretraining
  // (sha256-checked; PEFTBENCH_PRETRAIN_FRESH=1 ignores it, to regenerate and compare its bytes)
  const shipped = process.env.PEFTBENCH_PRETRAIN_FRESH === '1' ? undefined : shippedBackbone(basename(dir));
  if (shipped) {
    log?.(`pretrained model: ${shipped} (shipped with the repo, sha256 checked)`);
    return shipped;
  }
  if (existsSync(join(dir, 'model.safetensors'))) {
    log?.(`pretrained model: ${dir} (cached)`);
    return dir;
  }
  await initBackend();
  log?.(`${starting} → ${dir}`);
  const tmp = `${dir}.${process.pid}.tmp`;
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });
  try {
    await fill(tmp);
    rmSync(dir, { recursive: true, force: true });
    renameSync(tmp, dir);
  } catch (err) {
    rmSync(tmp, { recursive: true, force: true });
    throw err;
  }
  return dir;
}
