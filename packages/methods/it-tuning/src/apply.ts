/**
 * IT-Tuning (eq. 1): per layer, V_Q scales the query (or key) projection output, V_A shifts the attention
 * sub-block output (after its residual add: post-LN encoders after the LayerNorm, GPT-2 before ln_2, as
 * the authors' code places it), V_ff scales the layer output; each has a shared vector V^1 [d] and one
 * vector per information token V^2 [R, d]. α (eq. 2) is the learning-rate multiplier of the scaling
 * vectors' group. `config.operations` picks scale or shift per site (§3.3 / Figure 6; the above is the
 * default). NLU: the first R positions are the information tokens; NLG (causal models): R tokens
 * are inserted between source and target and attend by Figure 3 (attention-rule.ts).
 */
import * as tf from '@tensorflow/tfjs-core';
import { InputError } from '@peftbench/util';
import { paramsAdapterIO, type AppliedMethod, type PreTrainedModel, type TaskSpec } from '@peftbench/core';
import { PAPER_OPERATIONS, type ItTuningConfig, type ItTuningOperation } from './config.ts';
import { cachedEditPlan } from './positions.ts';
import { scaleEdit, shiftEdit } from './edits.ts';
import { insertInfoTokens } from './insert.ts';
import { gatherInfo, infoBias, ruleApplies } from './attention-rule.ts';

export const OWNER = 'it-tuning';
/** Parameter group of V_Q and V_ff, whose learning rate is α·η. */
export const SCALE_GROUP = 'it-tuning.scale';

export function vectorNames(layer: number, attentionVector: 'query' | 'key') {
  const l = `it_tuning.layer.${layer}`;
  return {
    q: { shared: `${l}.${attentionVector}.shared`, info: `${l}.${attentionVector}.info` },
    a: { shared: `${l}.attention_output.shared`, info: `${l}.attention_output.info` },
    ff: { shared: `${l}.layer_output.shared`, info: `${l}.layer_output.info` },
  };
}

export function applyItTuning(model: PreTrainedModel, config: ItTuningConfig, task: TaskSpec): AppliedMethod {
  const nlu = !model.causal;
  const R = config.rank;
  const D = model.hiddenSize;
  if (!nlu && /llama/.test(model.config.model_type)) {
    throw new InputError(`config.json [model_type]: IT-Tuning's information-token attention needs absolute positions; '${model.config.model_type}' rotates keys after the hooks`);
  }
  model.params.setTrainable((p) => p.owner === 'base', false);
  const head = model.params.all().filter((p) => p.owner === 'head');
  for (const p of head) p.trainable = config.trainHead;

  const own: string[] = [];
  const add = (name: string, shape: number[], init: 0 | 1, scale: boolean) => {
    const variable = tf.variable(init ? tf.ones(shape) : tf.zeros(shape), true, `${name}_${Math.random().toString(36).slice(2, 8)}`);
    model.params.add({ name, variable, trainable: true, owner: OWNER, group: scale ? SCALE_GROUP : 'default', decay: false });
    own.push(name);
  };
  // §3.3 / Figure 6: each site scales (starts at 1, learns at α·η) or shifts (starts at 0, learns at η)
  const ops = config.operations ?? PAPER_OPERATIONS;
  const sites = ['q', 'a', 'ff'] as const;
  for (let i = 0; i < model.numLayers; i++) {
    const n = vectorNames(i, config.attentionVector);
    for (const site of sites) {
      const scale = ops[site] === 'scale';
      add(n[site].shared, [D], scale ? 1 : 0, scale);
      add(n[site].info, [R, D], scale ? 1 : 0, scale);
    }
  }

  const v = (name: string) => model.params.get(name).variable;
  const plan = (ctx: { tokenKinds: Int32Array; batchSize: number; seqLen: number }) => cachedEditPlan(ctx.tokenKinds, ctx.batchSize, ctx.seqLen, R, { nlu, sharedPositions: config.sharedPositions });
  const qPoint = config.attentionVector === 'query' ? 'attention.query' : 'attention.key';
  const edit = (op: ItTuningOperation) => (op === 'scale' ? scaleEdit : shiftEdit);
  const points = { q: qPoint, a: 'attention.residual', ff: 'layer.output' } as const;
  for (const site of sites) {
    const apply = edit(ops[site]);
    model.hooks.on(points[site], (x, ctx) => { const n = vectorNames(ctx.layer, config.attentionVector)[site]; return apply(x, plan(ctx), R, v(n.shared), v(n.info)); }, { owner: OWNER });
  }

  if (!nlu) {
    model.hooks.transformInput((input) => insertInfoTokens(input, R, config.infoTokenIds), OWNER);
    // capture this layer's keys / values (after the V_Q key edit, registered above) for the prefix copies
    const captured: { key?: tf.Tensor; value?: tf.Tensor } = {};
    model.hooks.on('attention.key', (x) => ((captured.key = x), x), { owner: OWNER });
    model.hooks.on('attention.value', (x) => ((captured.value = x), x), { owner: OWNER });
    model.hooks.prefix((ctx) => {
      const positions = ruleApplies(ctx);
      if (!positions || !captured.key || !captured.value) return null;
      return { key: gatherInfo(captured.key, positions, ctx.numKvHeads, ctx.headDim), value: gatherInfo(captured.value, positions, ctx.numKvHeads, ctx.headDim) };
    }, OWNER);
    model.hooks.attentionBias((ctx) => {
      const positions = ruleApplies(ctx);
      if (!positions) return null;
      const R0 = positions[0].length;
      if (ctx.keyLength !== R0 + ctx.seqLen) throw new Error(`IT-Tuning: expected ${R0} prefix + ${ctx.seqLen} keys, got ${ctx.keyLength} (another prefix method is active?)`);
      return infoBias(ctx.tokenKinds, positions, ctx.batchSize, ctx.seqLen);
    }, OWNER);
  }

  const names = () => [...own, ...head.filter((p) => p.trainable).map((p) => p.name)];
  return {
    groups: { [SCALE_GROUP]: { lrMultiplier: config.alpha } },
    adapterConfig: () => ({
      peft_type: 'IT_TUNING',
      task_type: task.kind,
      mode: nlu ? 'nlu' : 'nlg',
      rank: R,
      alpha: config.alpha,
      attention_vector: config.attentionVector,
      operations: { ...ops },
      shared_positions: config.sharedPositions,
      info_token_ids: nlu ? null : config.infoTokenIds,
      modules_to_save: head.filter((p) => p.trainable).map((p) => p.name),
    }),
    ...paramsAdapterIO(model, names),
  };
}
