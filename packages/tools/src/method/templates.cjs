/**
 * The files of a new method package. The skeleton is a complete, working method (a learned scale vector on every
 * layer's FFN output, s ⊙ h with s = 1 at the start), so the package trains, counts and saves from the first
 * minute; replace its equation with yours.
 */
'use strict';

const camel = (name) => name.replace(/-([a-z0-9])/g, (_, c) => c.toUpperCase());
const pascal = (name) => camel(name).replace(/^[a-z]/, (c) => c.toUpperCase());

function packageJson(o) {
  return JSON.stringify(
    {
      name: `@peftbench/method-${o.name}`,
      version: '0.1.0',
      private: true,
      type: 'module',
      description: `PEFT method: ${o.label}`,
      exports: { '.': './src/index.ts' },
      scripts: { test: 'vitest run --passWithNoTests' },
      dependencies: {
        '@peftbench/core': '0.1.0',
        '@peftbench/method-full-ft': '0.1.0',
        '@peftbench/util': '0.1.0',
        '@tensorflow/tfjs-core': '4.22.0',
        zod: '4.1.12',
      },
      peftbench: { method: true },
    },
    null,
    2,
  ) + '\n';
}

const vitestConfig = () => `import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: { testTimeout: 300_000, hookTimeout: 300_000, pool: 'forks' },
});
`;

const config = (o) => `/** ${o.label} options. Cite the paper for every default. */
import { z } from 'zod';

export const ${camel(o.name)}ConfigSchema = z
  .object({
    init: z.number().default(1).describe('Starting value of every entry of the scale vector s (1 = the edit starts as the identity).'),
  })
  .strict();

export type ${pascal(o.name)}Config = z.infer<typeof ${camel(o.name)}ConfigSchema>;
`;

const apply = (o) => `/**
 * ${o.label}: h' = s ⊙ h on the output of every layer's FFN down-projection (core's 'ffn.output' hook point),
 * one learned d-vector s per layer. The backbone is frozen; a classification head, where the task has one, trains.
 * Replace this equation with your method's (cite the paper's equation number here).
 */
import * as tf from '@tensorflow/tfjs-core';
import { paramsAdapterIO, type AppliedMethod, type PreTrainedModel, type TaskSpec } from '@peftbench/core';
import { peftTaskType, trainsHead } from '@peftbench/method-full-ft';
import type { ${pascal(o.name)}Config } from './config.ts';

export const OWNER = '${o.name}';

/** Registry name of layer \`layer\`'s scale vector. */
export const scaleName = (layer: number) => \`${o.name}.layer.\${layer}.scale\`;

export function apply${pascal(o.name)}(model: PreTrainedModel, cfg: ${pascal(o.name)}Config, task: TaskSpec): AppliedMethod {
  for (const p of model.params.all()) {
    if (p.owner === 'base') p.trainable = false;
    else if (p.owner === 'head') p.trainable = trainsHead(task.kind);
  }
  const scales: tf.Variable[] = [];
  for (let layer = 0; layer < model.numLayers; layer++) {
    const init = tf.fill([model.hiddenSize], cfg.init);
    const variable = tf.variable(init, true, \`\${scaleName(layer)}_\${Math.random().toString(36).slice(2, 8)}\`);
    init.dispose();
    model.params.add({ name: scaleName(layer), variable, trainable: true, owner: OWNER, decay: false });
    scales.push(variable);
  }
  model.hooks.on('ffn.output', (h, ctx) => tf.mul(h, scales[ctx.layer]), { owner: OWNER });
  const heads = model.params.all().filter((p) => p.owner === 'head' && p.trainable).map((p) => p.name);
  const saved = [...scales.map((_, l) => scaleName(l)), ...heads];
  return {
    ...paramsAdapterIO(model, () => saved),
    adapterConfig: () => ({
      peft_type: '${o.name.toUpperCase().replace(/-/g, '_')}',
      init: cfg.init,
      task_type: peftTaskType(task.kind),
      base_model_name_or_path: (model.config._name_or_path as string | undefined) ?? null,
    }),
  };
}
`;

const count = (o) => `/** ${o.label}'s trainable parameters from config.json alone: one d-vector per FFN output, plus the head. */
import { modelShapes, numel, type HfConfig, type TaskSpec } from '@peftbench/core';
import { trainsHead } from '@peftbench/method-full-ft';
import type { ${pascal(o.name)}Config } from './config.ts';

export function count${pascal(o.name)}(hfConfig: HfConfig, _cfg: ${pascal(o.name)}Config, task: TaskSpec): number {
  const shapes = modelShapes(hfConfig, task);
  let method = 0;
  for (const l of shapes.linears) if (l.site === 'ffn.output') method += l.outFeatures;
  let head = 0;
  for (const p of shapes.params) if (p.owner === 'head' && trainsHead(task.kind)) head += numel(p.shape);
  return method + head;
}
`;

const index = (o) => `/** @peftbench/method-${o.name}: ${o.label}. Found by discovery through package.json's "peftbench": {"method": true}. */
import type { PeftMethod } from '@peftbench/core';
import { apply${pascal(o.name)} } from './apply.ts';
import { ${camel(o.name)}ConfigSchema, type ${pascal(o.name)}Config } from './config.ts';
import { count${pascal(o.name)} } from './count.ts';

export const method: PeftMethod<${pascal(o.name)}Config> = {
  name: '${o.name}',
  label: '${o.label}',
  paperNames: ['${o.label}'],
  summary: "${o.label}: a learned scale vector on every layer's FFN output (skeleton: replace with your method).",
  configSchema: ${camel(o.name)}ConfigSchema,
  apply: apply${pascal(o.name)},
  countTrainable: count${pascal(o.name)},
};

export { apply${pascal(o.name)} } from './apply.ts';
export { count${pascal(o.name)} } from './count.ts';
export { ${camel(o.name)}ConfigSchema, type ${pascal(o.name)}Config } from './config.ts';
`;

const test = (o) => `/** ${o.label}: the count equals the model's trainable parameters, a fresh edit is the identity, and the adapter round-trips. */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { createModel, loadAdapter, parseHfConfig, parseMethodConfig, saveAdapter, type PreTrainedModel } from '@peftbench/core';
import { initBackendForTests, tinyEncoderConfig, toyBatches } from '@peftbench/core/testing';
import { method } from './index.ts';

const task = { kind: 'sequence-classification' as const, numLabels: 2 };
const hf = parseHfConfig(tinyEncoderConfig());
const [batch] = toyBatches(1, 1, 4);
const logits = (m: PreTrainedModel) => tf.tidy(() => Array.from(m.forward({ inputIds: batch.inputIds, attentionMask: batch.attentionMask }).logits!.dataSync()));
const dirs: string[] = [];

describe('${o.name}', () => {
  beforeAll(initBackendForTests);
  afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

  test('countTrainable from config.json equals model.params.countTrainable()', () => {
    const model = createModel(hf, task.kind, { seed: 1, numLabels: 2 });
    const cfg = parseMethodConfig(method, {});
    method.apply(model, cfg, task);
    expect(method.countTrainable(hf, cfg, task)).toBe(model.params.countTrainable());
    model.dispose();
  });

  test('the skeleton starts as the identity (scale 1) and a changed scale changes the output', () => {
    const model = createModel(hf, task.kind, { seed: 1, numLabels: 2 });
    const before = logits(model);
    method.apply(model, parseMethodConfig(method, {}), task);
    expect(logits(model)).toEqual(before);
    const s = model.params.get('${o.name}.layer.0.scale').variable;
    s.assign(tf.mul(s, 3));
    expect(logits(model)).not.toEqual(before);
    model.dispose();
  });

  test('adapter save → load into a fresh model gives identical outputs', () => {
    const cfg = parseMethodConfig(method, {});
    const model = createModel(hf, task.kind, { seed: 1, numLabels: 2 });
    const applied = method.apply(model, cfg, task);
    for (const p of model.params.trainable()) p.variable.assign(tf.add(p.variable, tf.randomUniform(p.variable.shape, -0.5, 0.5, 'float32', 7)));
    const expected = logits(model);
    const dir = mkdtempSync(join(tmpdir(), '${o.name}-'));
    dirs.push(dir);
    saveAdapter(dir, applied);
    const fresh = createModel(hf, task.kind, { seed: 1, numLabels: 2 });
    const freshApplied = method.apply(fresh, cfg, task);
    expect(logits(fresh)).not.toEqual(expected);
    loadAdapter(dir, freshApplied);
    expect(logits(fresh)).toEqual(expected);
    model.dispose();
    fresh.dispose();
  });
});
`;

const readme = (o) => `# @peftbench/method-${o.name}

${o.label}. *(Written by \`nx g @peftbench/tools:method ${o.name}\`: replace the skeleton's equation, options and rows with your method's.)*

## Equation

For every layer l, on the output h of the FFN down-projection (core's \`ffn.output\` hook point):

    h' = s_l ⊙ h,    s_l ∈ R^d, initialised to \`init\` (1: the identity)

Only the s_l (and a classification head, where the task has one) train. Trainable parameters: L · d + head.

## Options

| option | default | meaning |
|---|---|---|
| \`init\` | 1 | starting value of every entry of s_l |

## File format

\`adapter_config.json\` (\`peft_type\`: \`${o.name.toUpperCase().replace(/-/g, '_')}\`, \`init\`, \`task_type\`) and \`adapter_model.safetensors\`
with keys \`base_model.model.${o.name}.layer.<l>.scale\` (+ head weights).

## Paper rows

| paper | table | row |
|---|---|---|
| (your paper) | | |

## Try it

\`\`\`sh
npx nx run experiments:glue -- --methods ${o.name},lora --seeds 1
\`\`\`
`;

module.exports = { packageJson, vitestConfig, config, apply, count, index, test, readme };
