/** BitFit: freeze the backbone except its bias terms (or every 1-D tensor); classification heads train. */
import { paramsAdapterIO, type AppliedMethod, type PreTrainedModel, type TaskSpec } from '@peftbench/core';
import { peftTaskType, trainsHead } from '@peftbench/method-full-ft';
import { InputError } from '@peftbench/util';
import type { BitfitConfig } from './config.ts';
import { bitfitTrains } from './select.ts';

export function applyBitfit(model: PreTrainedModel, cfg: BitfitConfig, task: TaskSpec): AppliedMethod {
  for (const p of model.params.all()) {
    if (p.owner === 'base') p.trainable = bitfitTrains(p.name, p.variable.shape, cfg);
    else if (p.owner === 'head') p.trainable = trainsHead(task.kind);
  }
  const trained = model.params.all().filter((p) => (p.owner === 'base' || p.owner === 'head') && p.trainable);
  if (!trained.some((p) => p.owner === 'base')) {
    throw new InputError(`method 'bitfit' config [variant]: '${cfg.variant}' selects no tensor of this ${model.architecture} model (it has no bias terms)`);
  }
  const names = trained.map((p) => p.name);
  const headModules = [...new Set(trained.filter((p) => p.owner === 'head').map((p) => p.name.replace(/\.[^.]+$/, '')))];
  return {
    ...paramsAdapterIO(model, () => names),
    adapterConfig() {
      return {
        peft_type: 'BITFIT',
        variant: cfg.variant,
        task_type: peftTaskType(task.kind),
        modules_to_save: headModules.length ? headModules : null,
        base_model_name_or_path: (model.config._name_or_path as string | undefined) ?? null,
      };
    },
  };
}
