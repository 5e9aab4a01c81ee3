/**
 * ID3+LoRA (paper Tables 2 and 5): the pool entries are chosen from is the LoRA module's A and B weights,
 * installed with @peftbench/method-lora's reusable `applyLora` (HF PEFT init: A kaiming-uniform, B = 0).
 * Unchosen LoRA entries stay at their init, which LoRA draws from the model's init seed; a saved sparse
 * adapter therefore records a checksum of that init and refuses to load onto a model whose LoRA init differs.
 */
import { InputError } from '@peftbench/util';
import { parseMethodConfig, type HfConfig, type Parameter, type PreTrainedModel, type TaskSpec } from '@peftbench/core';
import { applyLora, countLora, method as loraMethod } from '@peftbench/method-lora';

export function attachLoraTargets(model: PreTrainedModel, lora: Record<string, unknown>, _task: TaskSpec, source: string): Parameter[] {
  const cfg = parseMethodConfig(loraMethod, lora, `${source} [lora]`);
  const module = applyLora(model, cfg, { owner: 'lora' });
  if (module.parameterNames.length === 0) throw new InputError(`${source} [lora.target_modules]: no Linear of this model matches`);
  return module.parameterNames.map((n) => model.params.get(n));
}

/** Dense LoRA A/B scalars from config.json alone (biases and head excluded). */
export function loraPoolSize(hfConfig: HfConfig, lora: Record<string, unknown>, task: TaskSpec): number {
  const cfg = parseMethodConfig(loraMethod, { ...lora, bias: 'none' }, "selective config [lora]");
  return countLora(hfConfig, cfg, task).method;
}

/** Σ|θ| over the given tensors: identifies an init (float32 sum, compared with a relative tolerance). */
export function initChecksum(params: Parameter[]): number {
  let s = 0;
  for (const p of params) for (const v of p.variable.dataSync() as Float32Array) s += Math.abs(v);
  return s;
}
