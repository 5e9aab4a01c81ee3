/** What every family's prepare step does: build or download each distinct model once, before the workers start. */
import { initBackend } from '@peftbench/core';
import type { PrepareFn, RunSpec } from '../run-types.ts';
import { pinRevisions } from './provenance.ts';

export type ModelDirFn = (spec: RunSpec, onProgress: (step: number, total: number, loss: number) => void) => Promise<string>;

/** A PrepareFn that calls `modelDir` once per distinct (model, data) of the sweep's runs. */
export function prepareModels(modelDir: ModelDirFn): PrepareFn {
  return async (specs, onProgress) => {
    const seen = new Set<string>();
    for (const spec of specs) {
      const key = JSON.stringify([spec.model, spec.data]);
      if (seen.has(key)) continue;
      seen.add(key);
      await initBackend();
      await pinRevisions(spec);
      await modelDir(spec, (step, total, loss) => onProgress({ phase: 'pretrain', step, totalSteps: total, loss }));
    }
  };
}
