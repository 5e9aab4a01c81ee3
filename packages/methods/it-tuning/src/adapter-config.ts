/**
 * The method config back from a saved adapter_config.json (the file `applyItTuning(...).adapterConfig()` writes),
 * so that a saved adapter is re-applied with the same rank, α, attention vector, positions, information tokens
 * and per-site operations (§3.3 / Figure 6) before its tensors are loaded. Files written before `operations`
 * existed carry none: they were the paper's operations (eq. 1), which is the default.
 */
import { InputError } from '@peftbench/util';
import { itTuningConfigSchema, type ItTuningConfig } from './config.ts';

export function itTuningConfigFromAdapterConfig(raw: Record<string, unknown>, file = 'adapter_config.json'): ItTuningConfig {
  if (raw.peft_type !== 'IT_TUNING') throw new InputError(`${file} [peft_type]: expected 'IT_TUNING', got ${JSON.stringify(raw.peft_type)}`);
  const fields: Record<string, unknown> = {
    rank: raw.rank,
    alpha: raw.alpha,
    attentionVector: raw.attention_vector,
    sharedPositions: raw.shared_positions,
    operations: raw.operations ?? undefined,
    infoTokenIds: raw.info_token_ids ?? undefined,
    trainHead: Array.isArray(raw.modules_to_save) ? raw.modules_to_save.length > 0 : undefined,
  };
  const parsed = itTuningConfigSchema.safeParse(Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const key = { attentionVector: 'attention_vector', sharedPositions: 'shared_positions', infoTokenIds: 'info_token_ids', trainHead: 'modules_to_save' }[String(issue.path[0])] ?? String(issue.path[0]);
    throw new InputError(`${file} [${key}${issue.path.length > 1 ? `.${issue.path.slice(1).join('.')}` : ''}]: ${issue.message}`);
  }
  return parsed.data;
}
