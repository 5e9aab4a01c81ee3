/**
 * Adapter parameters from config.json alone. Per bottleneck 2·d·m + m + d (+ 2·d for Lin's own LayerNorm);
 * Houlsby has two per layer (after the attention output projection and after the FFN), the others one;
 * plus, with trainLayerNorm, the norms of the adapted layers, and the task head.
 * The sites come from full-ft's shape tables (the Linears feeding core's 'attention.output' / 'ffn.output'),
 * so T5 (self-attention and FFN of every encoder and decoder block) is counted too.
 */
import type { HfConfig, TaskSpec } from '@peftbench/core';
import { modelShapes, numel } from '@peftbench/core';
import { trainableCount, trainsHead, type TrainableCount } from '@peftbench/method-full-ft';
import type { AdapterConfig, AdapterVariant } from './config.ts';
import { isLayerNorm } from './apply.ts';
import { adaptedLayers, bottleneckSize, layerOf } from './resolve.ts';


export function countAdapter(variant: AdapterVariant, hfConfig: HfConfig, cfg: AdapterConfig, task: TaskSpec, opts: { allowLargeBottleneck?: boolean; file?: string } = {}): TrainableCount & { bottleneck: number; adapters: number; hidden: number } {
  const shapes = modelShapes(hfConfig, task, opts.file ?? 'config.json');
  const d = shapes.hiddenSize;
  const m = bottleneckSize(d, cfg, variant.name, opts.allowLargeBottleneck);
  const t5 = shapes.modelType === 't5';
  const enc = t5 ? Number(hfConfig.num_layers) : 0;
  const stacks = t5 ? [enc, Number(hfConfig.num_decoder_layers ?? enc)] : [1 + Math.max(...shapes.linears.map((l) => l.layer))];
  const layers = new Set(adaptedLayers(stacks, cfg, variant.name));
  const sites = new Set<string>(variant.placement === 'houlsby' ? ['attention.output', 'ffn.output'] : ['ffn.output']);
  let adapters = 0;
  for (const l of shapes.linears) if (l.site && sites.has(l.site) && layers.has(l.layer)) adapters += 1;
  const perAdapter = 2 * d * m + m + d + (variant.placement === 'lin' ? 2 * d : 0);
  let method = adapters * perAdapter;
  if (cfg.trainLayerNorm) {
    for (const p of shapes.params) if (p.owner === 'base' && p.shape.length === 1 && isLayerNorm(p.name) && layers.has(layerOf(p.name, enc))) method += numel(p.shape);
  }
  let head = 0;
  for (const p of shapes.params) if (p.owner === 'head' && trainsHead(task.kind)) head += numel(p.shape);
  return { ...trainableCount(method, head), bottleneck: m, adapters, hidden: d };
}
