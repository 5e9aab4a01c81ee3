/** Full fine-tuning: every base and head parameter trains (or, with topLayers, the top layers + head). */
import { PEFT_PREFIX, paramsAdapterIO, type AppliedMethod, type PreTrainedModel, type TaskSpec } from '@peftbench/core';
import type { FullFtConfig } from './config.ts';
import { checkTopLayers, fullFtTrains } from './select.ts';
import { peftTaskType } from './task-type.ts';

export function applyFullFt(model: PreTrainedModel, cfg: FullFtConfig, task: TaskSpec): AppliedMethod {
  checkTopLayers(cfg, model.numLayers, `method 'full-ft' config`);
  const own = (owner: string) => owner === 'base' || owner === 'head';
  for (const p of model.params.all()) {
    if (own(p.owner)) p.trainable = fullFtTrains(p.name, p.owner, model.numLayers, cfg);
  }
  const trained = () => model.params.all().filter((p) => own(p.owner) && p.trainable).map((p) => p.name);
  return {
    ...paramsAdapterIO(model, trained),
    adapterConfig() {
      return {
        peft_type: 'FULL_FT',
        method: 'full-ft',
        top_layers: cfg.topLayers ?? null,
        task_type: peftTaskType(task.kind),
        base_model_name_or_path: (model.config._name_or_path as string | undefined) ?? null,
        // Keys are `${PEFT_PREFIX}<HF name>`: the trained tensors, loadable over the base checkpoint.
        key_prefix: PEFT_PREFIX,
      };
    },
  };
}
