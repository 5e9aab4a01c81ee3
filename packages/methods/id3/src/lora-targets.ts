/**
 * ID3+LoRA (paper Tables 2 and 5): the LoRA module's weights are the pool entries are chosen from.
 * Needs @peftbench/method-lora's reusable apply piece, which is being written; until it lands this
 * target kind reports itself as unavailable.
 */
import { InputError } from '@peftbench/util';
import type { Parameter, PreTrainedModel, TaskSpec } from '@peftbench/core';

export function attachLoraTargets(_model: PreTrainedModel, _lora: Record<string, unknown>, _task: TaskSpec, source: string): Parameter[] {
  throw new InputError(`${source} [targets]: 'lora' needs @peftbench/method-lora's applyLora, which is not available yet`);
}

/** Dense LoRA scalars from config.json alone (for counts); undefined while LoRA is unavailable. */
export function loraPoolSize(_hfConfig: Record<string, unknown>, _lora: Record<string, unknown>, _task: TaskSpec): number | undefined {
  return undefined;
}
