/**
 * Generation throughput on a reference decoder (GPT-2 shape: hidden 256, 4 layers, 4 heads, vocab 50257;
 * random weights, seed 0): batch 8, prompt 64, 64 new tokens; greedy and beam 10, with and without the
 * KV cache, per backend. Prints a table and the cached / uncached speed-up measured in the same run, and
 * checks that both paths produce the same tokens.
 *
 *   npx nx run core:bench-generate [-- --backends wasm,cpu --new-tokens 64 --prompt 64 --batch 8 --beams 10]
 *
 * tokens/s counts generated tokens per prompt (batch × new tokens), not beams.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { Rng } from '@peftbench/util';
import { createModel, generate, type DecoderModel } from '@peftbench/core';

let parsed;
try {
  parsed = parseArgs({
    options: {
      backends: { type: 'string', default: 'wasm,cpu' },
      'new-tokens': { type: 'string', default: '64' },
      prompt: { type: 'string', default: '64' },
      batch: { type: 'string', default: '8' },
      beams: { type: 'string', default: '10' },
      modes: { type: 'string', default: 'greedy,beam' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
} catch (err) {
  console.error(`bench-generate: ${(err as Error).message.split('\n')[0]} (see --help)`); // one line, no stack
  process.exit(2);
}
const { values } = parsed;
if (values.help) {
  console.log(readFileSync(fileURLToPath(import.meta.url), 'utf8').split('*/')[0].replace(/^\/\*\*\n?/, '').replace(/^ \* ?/gm, ''));
  process.exit(0);
}
const newTokens = Number(values['new-tokens']);
const promptLen = Number(values.prompt);
const batch = Number(values.batch);
const beams = Number(values.beams);

const config = {
  model_type: 'gpt2',
  vocab_size: 50257,
  n_positions: 1024,
  n_embd: 256,
  n_layer: 4,
  n_head: 4,
  embd_pdrop: 0,
  resid_pdrop: 0,
  attn_pdrop: 0,
};

interface Row {
  backend: string;
  mode: string;
  cache: boolean;
  seconds: number;
  tokensPerSecond: number;
  sequences: number[][];
}

async function benchBackend(backend: string): Promise<Row[]> {
  if (!(await tf.setBackend(backend))) throw new Error(`backend ${backend} did not initialise`);
  await tf.ready();
  const { parseHfConfig } = await import('@peftbench/core');
  const model = createModel(parseHfConfig(config, 'bench config'), 'causal-lm', { seed: 0 }) as DecoderModel;
  const rng = new Rng(1);
  const inputIds = Array.from({ length: batch }, () => Array.from({ length: promptLen }, () => rng.int(50256)));
  generate(model, { inputIds }, { maxNewTokens: 2, eosTokenId: null }); // warm-up (kernel compilation, allocation)
  const rows: Row[] = [];
  for (const mode of values.modes!.split(',')) {
    for (const cache of [true, false]) {
      const numBeams = mode === 'beam' ? beams : 1;
      const t0 = performance.now();
      const out = generate(model, { inputIds }, { maxNewTokens: newTokens, numBeams, eosTokenId: null, padTokenId: 0, useCache: cache });
      const seconds = (performance.now() - t0) / 1000;
      const row = { backend, mode: numBeams > 1 ? `beam ${numBeams}` : 'greedy', cache, seconds, tokensPerSecond: (batch * newTokens) / seconds, sequences: out.sequences };
      rows.push(row);
      console.log(`  ${backend} ${row.mode} cache=${cache}: ${seconds.toFixed(2)} s`);
    }
  }
  model.dispose();
  return rows;
}

const all: Row[] = [];
for (const backend of values.backends!.split(',')) all.push(...(await benchBackend(backend)));

console.log(`\nreference decoder: GPT-2 hidden 256, 4 layers, 4 heads, vocab 50257; batch ${batch}, prompt ${promptLen}, ${newTokens} new tokens\n`);
console.log('| backend | decoding | KV cache | seconds | tokens/s | cached ÷ uncached speed | same tokens |');
console.log('|---|---|---|---|---|---|---|');
for (const r of all) {
  const other = all.find((o) => o.backend === r.backend && o.mode === r.mode && o.cache !== r.cache)!;
  const speedup = r.cache && other ? `${(other.seconds / r.seconds).toFixed(1)}x` : '';
  const same = other ? (JSON.stringify(other.sequences) === JSON.stringify(r.sequences) ? 'yes' : 'NO') : '';
  console.log(`| ${r.backend} | ${r.mode} | ${r.cache ? 'yes' : 'no'} | ${r.seconds.toFixed(2)} | ${r.tokensPerSecond.toFixed(1)} | ${speedup} | ${same} |`);
}
