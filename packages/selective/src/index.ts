/**
 * @peftbench/selective: the machinery the selective (sparse) fine-tuning methods share — a budget B of
 * scalars chosen from target tensors (base weights, a LoRA module or a Pfeiffer adapter), masked updates,
 * O(B) sparse adapter files (values + pointers), budget checkpoints, and the count from config.json.
 * Each method package (id3, repeat-d3, pafi, fish, random-mask) supplies only its `SelectionStrategy`.
 * Test helpers are under `@peftbench/selective/testing`.
 */
export { TARGET, TARGET_KINDS, selectiveConfigShape, selectiveConfigSchema, type TargetKind, type SelectiveConfig } from './config.ts';
export { SelectionState } from './selection.ts';
export { globalTopK, choosePicks, type Pick } from './topk.ts';
export * from './sparse-io.ts';
export { filterTargets, baseTargets } from './targets.ts';
export * from './selective.ts';
export * from './pfeiffer.ts';
export * from './lora-targets.ts';
export { d3Score, d3Scores } from './d3.ts';
export { modelDims, poolSize, selectiveCount } from './count.ts';
export { countStats, layerOf, layerStats, selectionStats, type LayerStats, type SelectionStats, type SelectionTracePoint } from './stats.ts';
