/**
 * HF PEFT adapter_config.json compatibility: which fields each supported HF PEFT version's config classes accept,
 * transcribed by hand (field names only) from the named source files, and a checker every method package can use
 * on its `adapterConfig()` (import from `@peftbench/method-lora`).
 *
 * Why it matters: up to at least 0.10, HF PEFT builds a config with `ConfigClass(**adapter_config)`, so a field it
 * does not know fails with "unexpected keyword argument" and the adapter does not load at all. Later versions
 * (the stored upstream `src/peft/config.py` with `_check_and_remove_unused_kwargs`) drop unknown fields with a
 * warning instead; fields are only ever added, never removed, in the versions transcribed here. So an
 * adapter_config.json that uses only the fields of the oldest supported version (0.7.1) loads in every version
 * from 0.7.1 to the newest.
 *
 * Supported: HF PEFT 0.7.1 through the newest release. Transcribed: 0.7.1 and 0.10.0 (the pinned sources in
 * ../shared/tools/hf-oracle/vendor, which also run here) and the newest upstream copies found in the public source
 * index (commits named per class; their release number was not identified, they postdate 0.10 — they carry
 * exclude_modules, eva/corda, lora_bias).
 */
import { InputError } from '@peftbench/util';

export type HfPeftType = 'LORA' | 'IA3' | 'PREFIX_TUNING' | 'PROMPT_TUNING' | 'P_TUNING';

export interface HfPeftClassFields {
  /** The config class as HF PEFT names it. */
  className: string;
  /** Source file in the huggingface/peft tree (src/peft/...) the list was read from. */
  source: string;
  /** Dataclass fields, the inherited ones included (PeftConfigMixin, PeftConfig, PromptLearningConfig). */
  fields: readonly string[];
}

export interface HfPeftVersionFields {
  version: string;
  /** Where the transcribed sources live (tag + commit, or an upstream commit). */
  origin: string;
  /** true: `Config(**json)` raises on a field it does not know (the adapter does not load). */
  rejectsUnknownFields: boolean;
  classes: Record<HfPeftType, HfPeftClassFields>;
}

// ---- shared base classes (src/peft/config.py) ----
/** PeftConfigMixin (peft_type, auto_mapping) + PeftConfig (base_model_name_or_path, revision, peft_type, task_type, inference_mode). */
const BASE_07 = ['auto_mapping', 'base_model_name_or_path', 'inference_mode', 'peft_type', 'revision', 'task_type'] as const;
/** PromptLearningConfig (src/peft/config.py). */
const PROMPT_LEARNING_07 = ['num_attention_heads', 'num_layers', 'num_transformer_submodules', 'num_virtual_tokens', 'token_dim'] as const;

const LORA_07 = [
  'alpha_pattern', 'bias', 'fan_in_fan_out', 'init_lora_weights', 'layers_pattern', 'layers_to_transform', 'loftq_config',
  'lora_alpha', 'lora_dropout', 'megatron_config', 'megatron_core', 'modules_to_save', 'r', 'rank_pattern', 'target_modules',
] as const;
const IA3_07 = ['fan_in_fan_out', 'feedforward_modules', 'init_ia3_weights', 'modules_to_save', 'target_modules'] as const;
const PREFIX_07 = ['encoder_hidden_size', 'prefix_projection'] as const;
const PROMPT_07 = ['prompt_tuning_init', 'prompt_tuning_init_text', 'tokenizer_kwargs', 'tokenizer_name_or_path'] as const;
const P_TUNING_07 = ['encoder_dropout', 'encoder_hidden_size', 'encoder_num_layers', 'encoder_reparameterization_type'] as const;

const FILES = {
  LORA: ['LoraConfig', 'src/peft/tuners/lora/config.py'],
  IA3: ['IA3Config', 'src/peft/tuners/ia3/config.py'],
  PREFIX_TUNING: ['PrefixTuningConfig', 'src/peft/tuners/prefix_tuning/config.py'],
  PROMPT_TUNING: ['PromptTuningConfig', 'src/peft/tuners/prompt_tuning/config.py'],
  P_TUNING: ['PromptEncoderConfig', 'src/peft/tuners/p_tuning/config.py'],
} as const satisfies Record<HfPeftType, readonly [string, string]>;

function classes(lists: Record<HfPeftType, readonly string[]>, note: Partial<Record<HfPeftType, string>> = {}): Record<HfPeftType, HfPeftClassFields> {
  const out = {} as Record<HfPeftType, HfPeftClassFields>;
  for (const type of Object.keys(FILES) as HfPeftType[]) {
    const [className, source] = FILES[type];
    out[type] = { className, source: note[type] ? `${source} (${note[type]})` : `${source} + src/peft/config.py`, fields: [...new Set(lists[type])].sort() };
  }
  return out;
}

const promptLearning = (own: readonly string[]) => [...BASE_07, ...PROMPT_LEARNING_07, ...own];

/** The transcribed field lists, oldest first. */
export const HF_PEFT_VERSIONS: readonly HfPeftVersionFields[] = [
  {
    version: '0.7.1',
    origin: 'huggingface/peft v0.7.1 67a08009ff1f0b4282003c0aba174d0be292c10e (../shared/tools/hf-oracle/vendor/peft-0.7.1)',
    rejectsUnknownFields: true,
    classes: classes({
      LORA: [...BASE_07, ...LORA_07],
      IA3: [...BASE_07, ...IA3_07],
      PREFIX_TUNING: promptLearning(PREFIX_07),
      PROMPT_TUNING: promptLearning(PROMPT_07),
      P_TUNING: promptLearning(P_TUNING_07),
    }),
  },
  {
    version: '0.10.0',
    origin: 'huggingface/peft v0.10.0 8221246f2f48b665c853605e1d0ddaf1d0ce39c9 (../shared/tools/hf-oracle/vendor/peft-0.10.0)',
    rejectsUnknownFields: true,
    classes: classes({
      // use_rslora (new in 0.8), use_dora (0.9), layer_replication (0.10)
      LORA: [...BASE_07, ...LORA_07, 'use_rslora', 'use_dora', 'layer_replication'],
      IA3: [...BASE_07, ...IA3_07],
      PREFIX_TUNING: promptLearning(PREFIX_07),
      PROMPT_TUNING: promptLearning(PROMPT_07),
      P_TUNING: promptLearning(P_TUNING_07),
    }),
  },
  {
    version: 'newest (upstream, after 0.10)',
    origin:
      'huggingface/peft upstream copies in the public source index: LoraConfig at 6b2556e6ff971c85b2b3d919ba7e67d41bf2c813, IA3Config at 00a4d0808579f9bcac82c6b329cb8894bcfbd7fd, ' +
      'PrefixTuningConfig at 02e13010b164b1a469b9b16169e64bdec3fc47fc, PromptTuningConfig at 0d7218854d9e8a8ec2dea4eb33cd0be772645152, PromptEncoderConfig at 1948110ce61086030772abf36aa9396c5c3e6739, ' +
      'config.py (forward-compatible loading) at 0397041dcf4eb15839a2fb9e894271ee0d8fe60f',
    rejectsUnknownFields: false,
    classes: classes(
      {
        LORA: [
          ...BASE_07, ...LORA_07, 'use_rslora', 'use_dora', 'layer_replication', 'exclude_modules', 'trainable_token_indices', 'eva_config', 'corda_config',
          'use_qalora', 'qalora_group_size', 'runtime_config', 'lora_bias',
        ],
        IA3: [...BASE_07, ...IA3_07, 'exclude_modules'],
        PREFIX_TUNING: promptLearning([...PREFIX_07, 'init_weights']),
        PROMPT_TUNING: promptLearning(PROMPT_07),
        P_TUNING: promptLearning(P_TUNING_07),
      },
      { LORA: '6b2556e; runtime_config is dropped from saved files' },
    ),
  },
];

/** The oldest supported version: what an adapter_config.json may contain to load in all of them. */
export const OLDEST_SUPPORTED_HF_PEFT = HF_PEFT_VERSIONS[0].version;

/** Fields an adapter_config.json of this type may carry so that every supported HF PEFT version loads it. */
export function portableHfPeftFields(peftType: HfPeftType): Set<string> {
  let common: Set<string> | undefined;
  for (const v of HF_PEFT_VERSIONS) {
    const f = new Set(v.classes[peftType].fields);
    common = common ? new Set([...common].filter((x) => f.has(x))) : f;
  }
  return common!;
}

export interface HfPeftProblem {
  version: string;
  field: string;
  message: string;
}

/**
 * Which supported HF PEFT versions would refuse this adapter_config.json, and why: `peft_type` missing or not the
 * expected one, or a field the version's config class does not have (for versions that reject unknown fields).
 * Empty = loads in every supported version (as far as field names go).
 */
export function hfPeftConfigProblems(config: Record<string, unknown>, peftType: HfPeftType): HfPeftProblem[] {
  const problems: HfPeftProblem[] = [];
  if (config.peft_type !== peftType) {
    problems.push({ version: 'all', field: 'peft_type', message: `peft_type is ${JSON.stringify(config.peft_type)}, expected "${peftType}"` });
  }
  for (const v of HF_PEFT_VERSIONS) {
    if (!v.rejectsUnknownFields) continue;
    const known = new Set(v.classes[peftType].fields);
    for (const key of Object.keys(config)) {
      if (!known.has(key)) {
        problems.push({ version: v.version, field: key, message: `HF PEFT ${v.version} ${v.classes[peftType].className} has no field '${key}' (${v.classes[peftType].source}): "unexpected keyword argument"` });
      }
    }
  }
  return problems;
}

/** Throws an InputError naming the first field some supported HF PEFT version would refuse. */
export function checkHfPeftConfig(config: Record<string, unknown>, peftType: HfPeftType, file = 'adapter_config.json'): void {
  const problems = hfPeftConfigProblems(config, peftType);
  if (problems.length > 0) throw new InputError(`${file} [${problems[0].field}]: ${problems[0].message}${problems.length > 1 ? ` (and ${problems.length - 1} more)` : ''}`);
}

/** Keep only the fields every supported version accepts (for writers that build from a wider record). */
export function portableHfPeftConfig<T extends Record<string, unknown>>(config: T, peftType: HfPeftType): Partial<T> {
  const keep = portableHfPeftFields(peftType);
  return Object.fromEntries(Object.entries(config).filter(([k]) => keep.has(k))) as Partial<T>;
}

/**
 * HF PEFT's `modules_to_save` for the head parameters a method trains: for sequence / token classification HF
 * PEFT wraps the head module `classifier` (or `score`) itself, and listing its sub-modules (RoBERTa's
 * `classifier.dense`, `classifier.out_proj`) fails to load in every version; so any parameter under `classifier.`
 * or `score.` maps to that module. Other head modules (BERT's `bert.pooler.dense`) keep their module path.
 */
export function hfModulesToSave(headParamNames: string[]): string[] | null {
  const modules = new Set<string>();
  for (const name of headParamNames) {
    const module = name.replace(/\.[^.]+$/, '');
    const top = module.split('.')[0];
    modules.add(top === 'classifier' || top === 'score' ? top : module);
  }
  return modules.size ? [...modules] : null;
}

/**
 * HF PEFT's modules_to_save rule (_set_trainable): a parameter trains and is saved if one of its enclosing modules'
 * names ends with an entry (plain suffix test, as HF PEFT does it).
 */
export function savedByModules(paramName: string, modulesToSave: readonly string[]): boolean {
  const parts = paramName.split('.').slice(0, -1);
  for (let i = 1; i <= parts.length; i++) {
    const module = parts.slice(0, i).join('.');
    if (modulesToSave.some((m) => module.endsWith(m))) return true;
  }
  return false;
}
