/**
 * adapter_config.json with HF PEFT's LoraConfig fields, written so that every supported HF PEFT version (0.7.1 to
 * the newest, see hf-peft-fields.ts) loads it: only the fields HF PEFT 0.7.1's LoraConfig has. HF PEFT up to 0.10
 * rejects any field it does not know ("unexpected keyword argument"): `use_rslora` (added in 0.8), `use_dora`
 * (0.9) and `layer_replication` (0.10) are therefore left out at their defaults; `use_rslora: true` is written only
 * when rsLoRA is on (such an adapter needs HF PEFT ≥ 0.8: 0.7.1 cannot express its scaling).
 */
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
    // HF PEFT's names: `classifier` itself for SEQ_CLS / TOKEN_CLS heads (hfModulesToSave), never its sub-modules.
    modules_to_save: opts.modulesToSave,
    peft_type: 'LORA',
    r: cfg.r,
    rank_pattern: {},
    revision: null,
    target_modules: opts.targetModules,
    task_type: opts.taskType,
    ...(cfg.use_rslora ? { use_rslora: true } : {}),
  };
}
