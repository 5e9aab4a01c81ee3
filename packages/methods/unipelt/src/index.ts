/** @peftbench/method-unipelt: UniPELT, gated LoRA + prefix tuning + adapter, composed from those packages. */
import type { PeftMethod } from '@peftbench/core';
import { applyUnipelt } from './apply.ts';
import { unipeltConfigSchema, type UnipeltConfig } from './config.ts';
import { countUnipelt } from './count.ts';

export const method: PeftMethod<UnipeltConfig> = {
  name: 'unipelt',
  label: 'UniPELT',
  paperNames: ['UniPELT'],
  summary: 'UniPELT: LoRA (query/value), prefix tuning and a bottleneck adapter after the FFN in every layer, each scaled by a learned sigmoid gate; backbone frozen, head trained.',
  configSchema: unipeltConfigSchema,
  apply: applyUnipelt,
  countTrainable: (hfConfig, cfg, task) => countUnipelt(hfConfig, cfg, task).total,
};

export { applyUnipelt, gateParamName, gateValue, type Gate } from './apply.ts';
export { countUnipelt } from './count.ts';
export { unipeltConfigSchema, UNIPELT_SUBMODULES, type UnipeltConfig, type UnipeltSubmodule } from './config.ts';
