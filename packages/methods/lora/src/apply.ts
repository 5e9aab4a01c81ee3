/**
 * The `lora` method: LoRA on the targeted Linears (see lora-module.ts), backbone frozen, classification
 * head trained and saved (HF PEFT's modules_to_save), biases per `bias`.
 */
import { paramsAdapterIO, type AppliedMethod, type PreTrainedModel, type TaskSpec } from '@peftbench/core';
import { peftTaskType, trainsHead } from '@peftbench/method-full-ft';
import { loraAdapterConfig } from './adapter-config.ts';
import { hfModulesToSave, savedByModules } from './hf-peft-fields.ts';
import type { LoraConfig } from './config.ts';
import { applyLora, type LoraModule } from './lora-module.ts';
import { targetModulesFor } from './target.ts';

export function applyLoraMethod(model: PreTrainedModel, cfg: LoraConfig, task: TaskSpec): AppliedMethod & { lora: LoraModule } {
  const lora = applyLora(model, cfg);
  const targeted = new Set(lora.layers.map((l) => l.module));
  for (const p of model.params.all()) {
    if (p.owner === 'head' || p.owner === 'base') p.trainable = loraTrainsExtra(p, cfg, task, targeted);
  }
  const extra = model.params.all().filter((p) => (p.owner === 'base' || p.owner === 'head') && p.trainable);
  const names = [...lora.parameterNames, ...extra.map((p) => p.name)];
  const io = paramsAdapterIO(model, () => names);
  const modulesToSave = cfg.modules_to_save ?? hfModulesToSave(extra.filter((p) => p.owner === 'head').map((p) => p.name));
  return {
    lora,
    adapterTensors: io.adapterTensors,
    loadAdapterTensors(tensors, file) {
      // A/B change under a merged W would leave the old update folded in: load unmerged, then restore.
      const wasMerged = lora.merged;
      lora.unmerge();
      io.loadAdapterTensors(tensors, file);
      if (wasMerged) lora.merge();
    },
    adapterConfig() {
      return loraAdapterConfig(cfg, {
        targetModules: targetModulesFor(cfg, model.config.model_type),
        modelType: model.config.model_type,
        taskType: peftTaskType(task.kind),
        modulesToSave,
        baseModel: cfg.base_model_name_or_path ?? (model.config._name_or_path as string | undefined) ?? null,
      });
    },
    merge: () => lora.merge(),
    unmerge: () => lora.unmerge(),
  };
}

/** Whether a base / head parameter trains besides A and B: the bias option, modules_to_save, else the task's head. */
export function loraTrainsExtra(p: { name: string; owner: string }, cfg: Pick<LoraConfig, 'bias' | 'modules_to_save'>, task: TaskSpec, targeted: Set<string>): boolean {
  if (cfg.modules_to_save && savedByModules(p.name, cfg.modules_to_save)) return true;
  if (p.owner === 'head') return !cfg.modules_to_save && trainsHead(task.kind);
  return trainsBias(p.name, cfg, targeted);
}

/** HF PEFT's bias option: 'all' trains every bias, 'lora_only' those of the targeted modules. */
export function trainsBias(name: string, cfg: Pick<LoraConfig, 'bias'>, targeted: Set<string>): boolean {
  if (!name.endsWith('.bias') || cfg.bias === 'none') return false;
  return cfg.bias === 'all' || targeted.has(name.slice(0, -'.bias'.length));
}
