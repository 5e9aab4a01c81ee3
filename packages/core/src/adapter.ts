/**
 * Adapters on disk in the HF PEFT layout: adapter_config.json + adapter_model.safetensors.
 * Which tensors and key names is the method's business (AppliedMethod.adapterTensors); this file
 * only reads and writes, strictly.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { readSafetensors, toFloat32, writeSafetensors } from '@peftbench/safetensors';
import { InputError, readUtf8, writeJsonAtomic } from '@peftbench/util';
import type { AppliedMethod } from './method.ts';
import type { PreTrainedModel } from './models/base.ts';

export const ADAPTER_CONFIG = 'adapter_config.json';
export const ADAPTER_WEIGHTS = 'adapter_model.safetensors';

export function saveAdapter(dir: string, applied: AppliedMethod): void {
  const tensors: Record<string, { dtype: 'F32'; shape: number[]; data: Float32Array }> = {};
  for (const [key, t] of applied.adapterTensors()) {
    tensors[key] = { dtype: 'F32', shape: t.shape, data: t.dataSync() as Float32Array };
    t.dispose();
  }
  writeSafetensors(join(dir, ADAPTER_WEIGHTS), tensors);
  writeJsonAtomic(join(dir, ADAPTER_CONFIG), applied.adapterConfig());
}

export function readAdapterConfig(dir: string): Record<string, unknown> {
  const path = join(dir, ADAPTER_CONFIG);
  if (!existsSync(path)) throw new InputError(`${path}: missing`);
  try {
    return JSON.parse(readUtf8(path));
  } catch (err) {
    if (err instanceof InputError) throw err;
    throw new InputError(`${path}: not valid JSON (${(err as Error).message})`);
  }
}

export function loadAdapter(dir: string, applied: AppliedMethod): void {
  const path = join(dir, ADAPTER_WEIGHTS);
  if (!existsSync(path)) throw new InputError(`${path}: missing`);
  const file = readSafetensors(path);
  const tensors = new Map<string, { shape: number[]; data: Float32Array }>();
  for (const [name, entry] of file.tensors) tensors.set(name, { shape: entry.shape, data: toFloat32(entry) });
  applied.loadAdapterTensors(tensors, path);
}

/** HF PEFT prefixes every saved key with the wrapper path `base_model.model.`. */
export const PEFT_PREFIX = 'base_model.model.';

/**
 * The common case: save the given parameters (a method's own and the trained head) under
 * `base_model.model.<name>`, in HF layout; load them back by the same keys, checking every key and shape.
 */
export function paramsAdapterIO(model: PreTrainedModel, names: () => string[]): Pick<AppliedMethod, 'adapterTensors' | 'loadAdapterTensors'> {
  return {
    adapterTensors() {
      return new Map(names().map((n) => [PEFT_PREFIX + n, model.params.hfValue(n)]));
    },
    loadAdapterTensors(tensors, file) {
      const expected = new Set(names());
      for (const [key, t] of tensors) {
        const name = key.startsWith(PEFT_PREFIX) ? key.slice(PEFT_PREFIX.length) : key;
        if (!expected.has(name)) throw new InputError(`${file} [${key}]: not a tensor of this adapter`);
        model.params.assignHf(name, t, file, key);
        expected.delete(name);
      }
      if (expected.size > 0) throw new InputError(`${file} [${PEFT_PREFIX}${[...expected][0]}]: tensor missing from the adapter`);
    },
  };
}
