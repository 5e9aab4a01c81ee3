/** adapter_config.json with HF PEFT's LoraConfig fields (peft 0.7–0.10), so HF PEFT can load our adapters. */
import type { LoraConfig } from './config.ts';

export function loraAdapterConfig(
  cfg: LoraConfig,
  opts: { targetModules: string | string[]; modelType: string; taskType: string | null; modulesToSave: string[] | null; baseModel: string | null },
): Record<string, unknown> {
  return {
    alpha_pattern: {},
    auto_mapping: null,
    base_model_name_or_path: opts.baseModel,
    bias: cfg.bias,
    // GPT-2's Conv1D stores W as [in, out]; HF PEFT sets fan_in_fan_out for it (the A/B layout is unchanged).
    fan_in_fan_out: opts.modelType === 'gpt2',
    inference_mode: true,
    init_lora_weights: cfg.init_lora_weights,
    layers_pattern: null,
    layers_to_transform: cfg.layers_to_transform ?? null,
    loftq_config: {},
    lora_alpha: cfg.lora_alpha,
    lora_dropout: cfg.lora_dropout,
    megatron_config: null,
    megatron_core: 'megatron.core',
    modules_to_save: opts.modulesToSave,
    peft_type: 'LORA',
    r: cfg.r,
    rank_pattern: {},
    revision: null,
    target_modules: opts.targetModules,
    task_type: opts.taskType,
    use_dora: false,
    use_rslora: cfg.use_rslora,
  };
}
