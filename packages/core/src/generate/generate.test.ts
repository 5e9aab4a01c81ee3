/**
 * Generation on the HF parity fixtures: greedy (single and batched left-padded) token for token against
 * HF's generate(), step logits within 1e-4, the same with and without the KV cache; beam search (4 beams)
 * against an independent slow reference written here (the fixtures hold no beam outputs).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test, beforeAll } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { hasShared, sharedDir, InputError } from '@peftbench/util';
import { loadModel } from '../models/index.ts';
import type { DecoderModel } from '../models/decoder-base.ts';
import { generate } from './generate.ts';
import { applyNoRepeatNgram, applyRepetitionPenalty } from './processors.ts';
import { initBackendForTests } from '../testing.ts';

const FIXTURES = ['gpt2-1', 'gpt2-2', 'llama-1', 'llama-2'];
const available = hasShared('fixtures/hf-parity');
if (!available) console.log(`skipping generation parity tests: ${sharedDir}/fixtures/hf-parity is absent`);

function fixture(name: string) {
  const dir = join(sharedDir, 'fixtures/hf-parity', name);
  return { dir, inputs: JSON.parse(readFileSync(join(dir, 'inputs.json'), 'utf8')), expected: JSON.parse(readFileSync(join(dir, 'expected.json'), 'utf8')) };
}

describe('logits processors', () => {
  test('repetition penalty divides positive and multiplies negative scores of seen ids, once each', () => {
    const s = new Float32Array([2, -2, 1, 4]);
    applyRepetitionPenalty(s, [0, 1, 1, 3], 2);
    expect([...s]).toEqual([1, -4, 1, 2]);
  });
  test('no-repeat n-gram bans the tokens that would repeat a seen n-gram', () => {
    const s = new Float32Array(6).fill(0);
    applyNoRepeatNgram(s, [1, 2, 3, 1, 2, 5, 1, 2], 3); // prefix (1, 2) was followed by 3 and 5
    expect([...s].map((x) => (x === -Infinity ? 'x' : x))).toEqual([0, 0, 0, 'x', 0, 'x']);
    const t = new Float32Array(4).fill(0);
    applyNoRepeatNgram(t, [1], 3); // too short to ban anything
    expect([...t]).toEqual([0, 0, 0, 0]);
  });
});

// ---- an independent slow beam search: one row at a time, no cache, JS log-softmax ----

interface RefOptions {
  numBeams: number;
  maxNewTokens: number;
  lengthPenalty: number;
  earlyStopping: boolean | 'never';
  eos: number;
  pad: number;
  repetitionPenalty: number;
  noRepeatNgramSize: number;
}

function lastLogProbs(model: DecoderModel, tokens: number[], mask: number[]): number[] {
  const logits = tf.tidy(() => {
    const out = model.forward({ inputIds: [tokens], attentionMask: [mask] });
    const V = out.logits!.shape[2] as number;
    return Array.from(tf.slice(out.logits!, [0, tokens.length - 1, 0], [1, 1, V]).dataSync());
  });
  const m = Math.max(...logits);
  const lse = m + Math.log(logits.reduce((s, x) => s + Math.exp(x - m), 0));
  return logits.map((x) => Math.fround(x - lse));
}

/** HF 4.35 beam search semantics, written from its description; returns the best hypothesis. */
function referenceBeamSearch(model: DecoderModel, prompt: number[], promptMask: number[], o: RefOptions): { tokens: number[]; score: number } {
  const maxLength = prompt.length + o.maxNewTokens;
  let beams = Array.from({ length: o.numBeams }, (_, j) => ({ tokens: [...prompt], mask: [...promptMask], score: j === 0 ? 0 : -1e9 }));
  const finished: { score: number; tokens: number[] }[] = [];
  const worst = () => Math.min(...finished.map((h) => h.score));
  const keepFinished = (tokens: number[], sum: number) => {
    const score = sum / Math.pow(tokens.length, o.lengthPenalty);
    if (finished.length < o.numBeams || score > worst()) {
      finished.push({ score, tokens });
      if (finished.length > o.numBeams) {
        let w = 0;
        finished.forEach((h, i) => (h.score < finished[w].score ? (w = i) : 0));
        finished.splice(w, 1);
      }
    }
  };
  let done = false;
  while (!done) {
    const curLen = beams[0].tokens.length;
    const all: { score: number; beam: number; token: number; flat: number }[] = [];
    beams.forEach((beam, j) => {
      const lp = lastLogProbs(model, beam.tokens, beam.mask);
      for (const id of new Set(beam.tokens)) lp[id] = Math.fround(lp[id] < 0 ? lp[id] * o.repetitionPenalty : lp[id] / o.repetitionPenalty);
      const n = o.noRepeatNgramSize;
      if (n > 0 && curLen + 1 >= n) {
        const tail = beam.tokens.slice(curLen - n + 1).join(',');
        for (let i = 0; i + n <= curLen; i++) if (beam.tokens.slice(i, i + n - 1).join(',') === tail) lp[beam.tokens[i + n - 1]] = -Infinity;
      }
      lp.forEach((x, v) => all.push({ score: Math.fround(x + beam.score), beam: j, token: v, flat: j * lp.length + v }));
    });
    all.sort((a, b) => b.score - a.score || a.flat - b.flat);
    const top = all.slice(0, 2 * o.numBeams);
    const next: typeof beams = [];
    for (const [rank, c] of top.entries()) {
      if (c.token === o.eos) {
        if (rank < o.numBeams) keepFinished([...beams[c.beam].tokens], c.score);
      } else {
        next.push({ tokens: [...beams[c.beam].tokens, c.token], mask: [...beams[c.beam].mask, 1], score: c.score });
      }
      if (next.length === o.numBeams) break;
    }
    if (finished.length >= o.numBeams) {
      if (o.earlyStopping === true) done = true;
      else {
        const len = o.earlyStopping === 'never' && o.lengthPenalty > 0 ? maxLength : curLen;
        done = worst() >= top[0].score / Math.pow(len, o.lengthPenalty);
      }
    }
    beams = next;
    if (beams[0].tokens.length >= maxLength) break;
  }
  if (!done) for (const b of beams) keepFinished(b.tokens, b.score);
  let best = finished[0];
  for (const h of finished) if (h.score > best.score) best = h;
  return best;
}

describe.skipIf(!available)('generation parity with HF', () => {
  beforeAll(async () => {
    await initBackendForTests();
  });

  for (const name of FIXTURES) {
    test(`${name}: greedy equals HF generate(), with and without the KV cache`, async () => {
      const { dir, inputs, expected } = fixture(name);
      const { model } = await loadModel<DecoderModel>(dir, { task: 'causal-lm' });
      const cases = [['generation', inputs.generation, expected.generation]];
      if (inputs.generation_batched) cases.push(['generation_batched', inputs.generation_batched, expected.generation_batched]);
      for (const [label, g, exp] of cases) {
        for (const useCache of [true, false]) {
          const out = generate(model, { inputIds: g.input_ids, attentionMask: g.attention_mask }, { maxNewTokens: g.max_new_tokens, padTokenId: g.pad_token_id, eosTokenId: g.eos_token_id, useCache, outputScores: true });
          expect(out.sequences, `${name} ${label} cache=${useCache}`).toEqual(exp.sequences);
          expect(out.newTokens).toEqual(exp.new_tokens);
          let worst = 0;
          out.scores!.forEach((step, s) => step.forEach((row, b) => row.forEach((x, v) => (worst = Math.max(worst, Math.abs(x - Math.fround(exp.scores[s][b][v])))))));
          expect(worst, `${name} ${label} step logits`).toBeLessThan(1e-4);
        }
      }
      model.dispose();
    });

    test(`${name}: beam search (4 beams) equals the slow reference, with and without the KV cache`, async () => {
      const { dir, inputs } = fixture(name);
      const { model } = await loadModel<DecoderModel>(dir, { task: 'causal-lm' });
      const g = inputs.generation;
      // An eos the beams actually meet (the greedy's 2nd new token) exercises finished hypotheses.
      const greedy = generate(model, { inputIds: g.input_ids }, { maxNewTokens: 3, eosTokenId: null });
      const seenEos = greedy.newTokens[0][1];
      const settings: Partial<RefOptions>[] = [
        { eos: g.eos_token_id },
        { eos: seenEos, lengthPenalty: 1 },
        { eos: seenEos, lengthPenalty: -0.5, earlyStopping: true },
        { eos: seenEos, lengthPenalty: 2, earlyStopping: 'never' },
        { eos: g.eos_token_id, noRepeatNgramSize: 2, repetitionPenalty: 1.3 },
      ];
      const prompts = [{ ids: g.input_ids[0], mask: g.attention_mask[0] }];
      if (inputs.generation_batched) {
        const gb = inputs.generation_batched;
        prompts.push({ ids: gb.input_ids[1], mask: gb.attention_mask[1] }); // a left-padded row
      }
      let endedByEos = 0;
      for (const s of settings) {
        const o: RefOptions = { numBeams: 4, maxNewTokens: 6, lengthPenalty: 1, earlyStopping: false, pad: g.pad_token_id, repetitionPenalty: 1, noRepeatNgramSize: 0, eos: g.eos_token_id, ...s };
        const opts = { maxNewTokens: o.maxNewTokens, numBeams: 4, lengthPenalty: o.lengthPenalty, earlyStopping: o.earlyStopping, eosTokenId: o.eos, padTokenId: o.pad, repetitionPenalty: o.repetitionPenalty, noRepeatNgramSize: o.noRepeatNgramSize };
        const refs = prompts.map((p) => referenceBeamSearch(model, p.ids, p.mask, o));
        endedByEos += refs.filter((r, i) => r.tokens.length < prompts[i].ids.length + o.maxNewTokens).length;
        // batched: both prompts at once (same length: the fixture pads the short one on the left)
        const batch = prompts.length > 1 && prompts[0].ids.length === prompts[1].ids.length;
        const groups = batch ? [prompts] : prompts.map((p) => [p]);
        let k = 0;
        for (const group of groups) {
          const cached = generate(model, { inputIds: group.map((p) => p.ids), attentionMask: group.map((p) => p.mask) }, opts);
          const uncached = generate(model, { inputIds: group.map((p) => p.ids), attentionMask: group.map((p) => p.mask) }, { ...opts, useCache: false });
          expect(uncached.sequences).toEqual(cached.sequences);
          group.forEach((_, i) => {
            const ref = refs[k++];
            const where = `${name} ${JSON.stringify(s)} prompt ${k - 1}`;
            const got = cached.sequences[i];
            // HF appends eos after a hypothesis that ended in eos, then pads to the batch's longest
            const trimmed = got.slice(0, ref.tokens.length);
            expect(trimmed, where).toEqual(ref.tokens);
            if (got.length > ref.tokens.length) expect(got[ref.tokens.length], where).toBe(o.eos);
            expect(Math.abs(cached.sequenceScores![i] - ref.score), where).toBeLessThan(1e-4);
            expect(Math.abs(uncached.sequenceScores![i] - cached.sequenceScores![i])).toBeLessThan(1e-4);
          });
        }
      }
      expect(endedByEos, `${name}: some best hypothesis ends in eos`).toBeGreaterThan(0);
      model.dispose();
    });
  }
});

describe.skipIf(!available)('generation: bad options', () => {
  test('invalid options and prompts throw InputError naming the field', async () => {
    await initBackendForTests();
    const { model } = await loadModel<DecoderModel>(join(sharedDir, 'fixtures/hf-parity/gpt2-1'), { task: 'causal-lm' });
    const p = { inputIds: [[1, 2, 3]] };
    const expectField = (fn: () => unknown, field: string) => {
      expect(fn).toThrow(InputError);
      expect(fn).toThrow(`[${field}]`);
    };
    expectField(() => generate(model, p, { maxNewTokens: 4, numBeams: 0 }), 'numBeams');
    expectField(() => generate(model, p, { maxNewTokens: 4, repetitionPenalty: -1 }), 'repetitionPenalty');
    expectField(() => generate(model, p, { maxNewTokens: 4, noRepeatNgramSize: -2 }), 'noRepeatNgramSize');
    expectField(() => generate(model, p, { maxNewTokens: 0 }), 'maxNewTokens');
    expectField(() => generate(model, p, { maxNewTokens: 4, numBeams: 2, numReturnSequences: 3 }), 'numReturnSequences');
    expectField(() => generate(model, p, { maxNewTokens: 62 }), 'maxNewTokens'); // 3 + 62 > n_positions 64
    expectField(() => model.forward({ inputIds: [Array(65).fill(1)], attentionMask: [Array(65).fill(1)] }), 'position_ids');
    model.dispose();
  });
});
