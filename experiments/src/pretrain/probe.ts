/**
 * Linear probes of a frozen encoder: how much of each demo GLUE task a classifier on frozen features can
 * read, before any fine-tuning. Features: the last layer's <s> (what the sequence-classification head reads)
 * and the mean over tokens. A ridge regression (closed form) on one-hot labels, or on the score for STS-B,
 * fitted on the training split, scored on dev with the task's main metric. It bounds what a frozen-backbone
 * method's head can reach from the backbone as shipped, and so compares pretraining recipes in seconds.
 */
import * as tf from '@tensorflow/tfjs-core';
import { loadModel } from '@peftbench/core';
import { batches, glueEncode, loadGlue, type GlueExample } from '@peftbench/datasets';
import { glueMainMetric, glueTaskMetrics } from '@peftbench/metrics';
import { loadTokenizer, type TextTokenizer } from '@peftbench/tokenizers';
import type { GlueTask } from '@peftbench/datasets';
import { Rng } from '@peftbench/util';

export interface ProbeRow {
  task: string;
  metric: string;
  /** ridge on standardised <s> / token-mean features */
  cls: number;
  mean: number;
  /** HF's classification head (dense + tanh + out_proj, init N(0, 0.02)) trained by Adam on the raw <s>: what a frozen-backbone method's head starts from */
  head: number;
  majority: number;
}

/** Solves (XᵀX + λI) W = XᵀY by Cholesky; X rows carry a trailing 1 (bias, not penalised). */
export function ridge(x: number[][], y: number[][], lambda: number): number[][] {
  const d = x[0].length;
  const k = y[0].length;
  const a = Array.from({ length: d }, () => new Float64Array(d));
  const b = Array.from({ length: d }, () => new Float64Array(k));
  for (let n = 0; n < x.length; n++) {
    const xn = x[n];
    for (let i = 0; i < d; i++) {
      const xi = xn[i];
      if (xi === 0) continue;
      const ai = a[i];
      for (let j = 0; j < d; j++) ai[j] += xi * xn[j];
      for (let j = 0; j < k; j++) b[i][j] += xi * y[n][j];
    }
  }
  for (let i = 0; i < d - 1; i++) a[i][i] += lambda;
  a[d - 1][d - 1] += 1e-6;
  // Cholesky a = L Lᵀ
  const l = Array.from({ length: d }, () => new Float64Array(d));
  for (let i = 0; i < d; i++) {
    for (let j = 0; j <= i; j++) {
      let s = a[i][j];
      for (let m = 0; m < j; m++) s -= l[i][m] * l[j][m];
      l[i][j] = i === j ? Math.sqrt(Math.max(s, 1e-12)) : s / l[j][j];
    }
  }
  const w = Array.from({ length: d }, () => new Array<number>(k).fill(0));
  for (let c = 0; c < k; c++) {
    const z = new Float64Array(d);
    for (let i = 0; i < d; i++) {
      let s = b[i][c];
      for (let m = 0; m < i; m++) s -= l[i][m] * z[m];
      z[i] = s / l[i][i];
    }
    for (let i = d - 1; i >= 0; i--) {
      let s = z[i];
      for (let m = i + 1; m < d; m++) s -= l[m][i] * w[m][c];
      w[i][c] = s / l[i][i];
    }
  }
  return w;
}

function features(model: Awaited<ReturnType<typeof loadModel>>['model'], tok: TextTokenizer, examples: GlueExample[], maxLength: number) {
  const enc = glueEncode(examples, tok, { maxLength });
  const padId = tok.special.pad ?? 0;
  const cls: number[][] = [];
  const mean: number[][] = [];
  for (const b of batches(enc, { batchSize: 64, padId })) {
    const [c, m] = tf.tidy(() => {
      const h = model.forward({ inputIds: b.inputIds, attentionMask: b.attentionMask, tokenTypeIds: b.tokenTypeIds }).lastHiddenState as tf.Tensor3D;
      const mask = tf.tensor2d(b.attentionMask as number[][]).expandDims(2);
      const pooled = tf.div(tf.sum(tf.mul(h, mask), 1), tf.sum(mask, 1));
      return [h.slice([0, 0, 0], [-1, 1, -1]).squeeze([1]).arraySync() as number[][], pooled.arraySync() as number[][]];
    });
    cls.push(...c.map((r) => [...r, 1]));
    mean.push(...m.map((r) => [...r, 1]));
  }
  return { cls, mean };
}

function standardise(train: number[][], ...others: number[][][]) {
  const d = train[0].length - 1;
  const mu = new Array<number>(d).fill(0);
  const sd = new Array<number>(d).fill(0);
  for (const r of train) for (let i = 0; i < d; i++) mu[i] += r[i] / train.length;
  for (const r of train) for (let i = 0; i < d; i++) sd[i] += (r[i] - mu[i]) ** 2 / train.length;
  for (const m of [train, ...others]) for (const r of m) for (let i = 0; i < d; i++) r[i] = (r[i] - mu[i]) / Math.sqrt(sd[i] + 1e-8);
}

/** HF's RobertaClassificationHead on fixed features, Adam (lr 1e-2), 300 steps of 16, seeded; dropout left out. */
function trainHead(xt: number[][], yt: number[], xd: number[][], numLabels: number, regression: boolean): number[] {
  return tf.tidy(() => {
    const D = xt[0].length;
    const rng = new Rng(0);
    const init = (shape: [number, number]) => tf.variable(tf.tensor2d(Array.from({ length: shape[0] * shape[1] }, () => 0.02 * rng.normal()), shape));
    const dense = init([D, D]);
    const denseBias = tf.variable(tf.zeros([D]));
    const out = init([D, regression ? 1 : numLabels]);
    const outBias = tf.variable(tf.zeros([regression ? 1 : numLabels]));
    const head = (x: tf.Tensor2D) => tf.add(tf.matMul(tf.tanh(tf.add(tf.matMul(x, dense), denseBias)), out), outBias) as tf.Tensor2D;
    const x = tf.tensor2d(xt);
    const y = regression ? tf.tensor2d(yt, [yt.length, 1]) : tf.oneHot(tf.tensor1d(yt, 'int32'), numLabels);
    const opt = tf.train.adam(1e-2);
    for (let s = 0; s < 300; s++) {
      const idx = tf.tensor1d(Array.from({ length: 16 }, () => rng.int(yt.length)), 'int32');
      opt.minimize(() => {
        const logits = head(tf.gather(x, idx) as tf.Tensor2D);
        return (regression ? tf.losses.meanSquaredError(tf.gather(y, idx), logits) : tf.losses.softmaxCrossEntropy(tf.gather(y, idx), logits)) as tf.Scalar;
      });
    }
    const pred = head(tf.tensor2d(xd));
    const result = regression ? Array.from(pred.reshape([-1]).dataSync()) : Array.from(pred.argMax(-1).dataSync());
    opt.dispose();
    return result;
  });
}

/** `glueDir`: the real GLUE files (official glue_data layout) instead of the demo suite: the first trainSize training examples, the whole dev set. */
export async function probeBackbone(dir: string, tasks: GlueTask[], opts: { trainSize?: number; maxLength?: number; lambda?: number; glueDir?: string } = {}): Promise<ProbeRow[]> {
  const tok = await loadTokenizer(dir);
  const rows: ProbeRow[] = [];
  for (const task of tasks) {
    const data = await loadGlue(task, { source: opts.glueDir ? { kind: 'folder', dir: opts.glueDir } : { kind: 'demo', seed: 0 } });
    const { model } = await loadModel(dir, { task: 'sequence-classification', numLabels: data.numLabels, seed: 0 });
    try {
      const train = data.splits.train.slice(0, opts.trainSize ?? 2000);
      const dev = data.splits.validation ?? data.splits.validation_matched;
      const ft = features(model, tok, train, opts.maxLength ?? 64);
      const fd = features(model, tok, dev, opts.maxLength ?? 64);
      const y = train.map((e) => (data.isRegression ? [e.label] : Array.from({ length: data.numLabels }, (_, c) => (c === e.label ? 1 : 0))));
      const metric = glueMainMetric(task).main as string;
      const labelsOf = (ex: GlueExample[]) => ex.map((e) => e.label);
      const headPreds = trainHead(ft.cls.map((r) => r.slice(0, -1)), labelsOf(train), fd.cls.map((r) => r.slice(0, -1)), data.numLabels, data.isRegression);
      const head = (glueTaskMetrics(task, headPreds, labelsOf(dev)) as unknown as Record<string, number>)[metric];
      const score = (xt: number[][], xd: number[][]) => {
        standardise(xt, xd);
        const w = ridge(xt, y, opts.lambda ?? 10);
        const preds = xd.map((r) => {
          const out = w[0].map((_, c) => r.reduce((s, v, i) => s + v * w[i][c], 0));
          return data.isRegression ? out[0] : out.indexOf(Math.max(...out));
        });
        return (glueTaskMetrics(task, preds, dev.map((e) => e.label)) as unknown as Record<string, number>)[metric];
      };
      const counts = new Map<number, number>();
      for (const e of dev) counts.set(e.label, (counts.get(e.label) ?? 0) + 1);
      const majLabel = [...counts.entries()].sort((a, b) => b[1] - a[1])[0][0];
      const majority = data.isRegression ? 0 : (glueTaskMetrics(task, dev.map(() => majLabel), dev.map((e) => e.label)) as unknown as Record<string, number>)[metric];
      rows.push({ task, metric, head, cls: score(ft.cls, fd.cls), mean: score(ft.mean, fd.mean), majority });
    } finally {
      model.dispose();
    }
  }
  return rows;
}

/** The probe rows as a markdown table (metric ×100). */
export function formatProbeTable(rows: ProbeRow[], backend: string, source = 'demo'): string {
  const pct = (x: number) => (100 * x).toFixed(1);
  return [
    `probes of the frozen model (${source} train → dev; HF head: Adam 1e-2, 300 steps of 16; ridge on standardised features; backend ${backend}):`,
    '| task | metric | HF head on raw <s> | ridge on <s> | ridge on token mean | majority |',
    '|---|---|---|---|---|---|',
    ...rows.map((r) => `| ${r.task} | ${r.metric} | ${pct(r.head)} | ${pct(r.cls)} | ${pct(r.mean)} | ${pct(r.majority)} |`),
  ].join('\n');
}
