/** Write a pretrained model as an HF-format folder, plus pretraining.json (what made it). */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import type { PreTrainedModel, TrainResult } from '@peftbench/core';
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
