/**
 * @peftbench/method-adapter: bottleneck adapters. One package, five methods (one table row = one config):
 * houlsby (Houlsby et al. 2019), pfeiffer (Pfeiffer et al. 2021), lin (Lin et al. 2020), parallel
 * (He et al. 2022) and adapterdrop (Rücklé et al. 2021). Discovery reads `methods`.
 */
import type { PeftMethod } from '@peftbench/core';
import { applyAdapter } from './apply.ts';
import { adapterConfigSchema, VARIANTS, type AdapterConfig, type AdapterVariant } from './config.ts';
import { countAdapter } from './count.ts';

export function adapterMethod(variant: AdapterVariant): PeftMethod<AdapterConfig> {
  return {
    name: variant.name,
    label: variant.label,
    paperNames: variant.paperNames,
    order: variant.order,
    summary: variant.summary,
    configSchema: adapterConfigSchema(variant.defaults),
    apply: (model, cfg, task) => applyAdapter(variant, model, cfg, task),
    countTrainable: (hf, cfg, task) => countAdapter(variant, hf, cfg, task).total,
  };
}

export const houlsby = adapterMethod(VARIANTS.houlsby);
export const pfeiffer = adapterMethod(VARIANTS.pfeiffer);
export const lin = adapterMethod(VARIANTS.lin);
export const parallel = adapterMethod(VARIANTS.parallel);
export const adapterdrop = adapterMethod(VARIANTS.adapterdrop);

export const methods: PeftMethod<AdapterConfig>[] = [houlsby, pfeiffer, lin, parallel, adapterdrop];

export { applyAdapter, isLayerNorm, mergeAdapter, notMergeableReason, type AppliedAdapter, type ApplyOptions } from './apply.ts';
export { countAdapter } from './count.ts';
export { adapterConfigSchema, adapterHubFlags, VARIANTS, NON_LINEARITIES, INITS, type AdapterConfig, type AdapterVariant, type AdapterDefaults, type Placement, type NonLinearity, type AdapterInit } from './config.ts';
export { installAdapters, initAdapterWeights, adapterKey, activate, sitesOf, ADAPTER_LN_EPS, type AdapterSpec, type AdapterModule, type InstalledAdapters } from './bottleneck.ts';
export { archOf, ADAPTER_MODEL_TYPES, type ArchInfo, type AdapterSite } from './arch.ts';
export { bottleneckSize, adaptedLayers } from './resolve.ts';
