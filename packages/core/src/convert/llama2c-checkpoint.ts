/**
 * Read a llama2.c legacy ("version 0") checkpoint: 7 little-endian int32 (dim, hidden_dim, n_layers,
 * n_heads, n_kv_heads, vocab_size, seq_len; vocab_size < 0 means an untied classifier follows), then
 * float32 weights in run.c's order. Returns an HF LlamaForCausalLM config and tensors with HF names.
 *
 * RoPE: llama2.c rotates interleaved pairs (x[2i], x[2i+1]) of each head; HF rotates (x[i], x[i+dh/2]).
 * Permuting the rows of wq and wk within each head (row 2i+c → c·dh/2 + i, the permutation HF's
 * convert_llama_weights_to_hf applies to Meta checkpoints) makes HF's rotate-half compute the same scores:
 * q·k is invariant under the same permutation of both.
 */
import { readFileSync } from 'node:fs';
import { InputError } from '@peftbench/util';

export interface Llama2cHeader {
  dim: number;
  hiddenDim: number;
  nLayers: number;
  nHeads: number;
  nKvHeads: number;
  vocabSize: number;
  seqLen: number;
  sharedClassifier: boolean;
}

export interface HfTensor {
  shape: number[];
  data: Float32Array;
}

const HEADER_BYTES = 28;

export function readLlama2cHeader(bytes: Buffer, file: string): Llama2cHeader {
  if (bytes.length < HEADER_BYTES) throw new InputError(`${file}: ${bytes.length} bytes, shorter than the 28-byte llama2.c header`);
  const h = Array.from({ length: 7 }, (_, i) => bytes.readInt32LE(i * 4));
  const names = ['dim', 'hidden_dim', 'n_layers', 'n_heads', 'n_kv_heads', 'vocab_size', 'seq_len'];
  h.forEach((v, i) => {
    if (i !== 5 && v <= 0) throw new InputError(`${file} [header.${names[i]}]: ${v} must be positive`);
  });
  const [dim, hiddenDim, nLayers, nHeads, nKvHeads, vocabRaw, seqLen] = h;
  if (vocabRaw === 0) throw new InputError(`${file} [header.vocab_size]: 0`);
  if (dim % nHeads !== 0) throw new InputError(`${file} [header.n_heads]: dim ${dim} is not divisible by n_heads ${nHeads}`);
  if (nHeads % nKvHeads !== 0) throw new InputError(`${file} [header.n_kv_heads]: ${nKvHeads} does not divide n_heads ${nHeads}`);
  return { dim, hiddenDim, nLayers, nHeads, nKvHeads, vocabSize: Math.abs(vocabRaw), seqLen, sharedClassifier: vocabRaw > 0 };
}

/** Rows of a [heads·dh, in] weight, interleaved-pair RoPE layout → HF rotate-half layout. */
export function permuteRopeRows(w: Float32Array, heads: number, headDim: number, inFeatures: number): Float32Array {
  const out = new Float32Array(w.length);
  const half = headDim / 2;
  for (let h = 0; h < heads; h++) {
    for (let i = 0; i < half; i++) {
      for (let c = 0; c < 2; c++) {
        const src = (h * headDim + 2 * i + c) * inFeatures;
        const dst = (h * headDim + c * half + i) * inFeatures;
        out.set(w.subarray(src, src + inFeatures), dst);
      }
    }
  }
  return out;
}

export function readLlama2cCheckpoint(path: string): { header: Llama2cHeader; config: Record<string, unknown>; tensors: Map<string, HfTensor> } {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (err) {
    throw new InputError(`${path}: cannot read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  }
  const hd = readLlama2cHeader(bytes, path);
  const { dim: D, hiddenDim: F, nLayers: L, nHeads: H, nKvHeads: Hkv, vocabSize: V, seqLen } = hd;
  const dh = D / H;
  const kvDim = Hkv * dh;
  const sizes: [string, number][] = [
    ['tok_embeddings', V * D],
    ['rms_att', L * D],
    ['wq', L * D * D],
    ['wk', L * kvDim * D],
    ['wv', L * kvDim * D],
    ['wo', L * D * D],
    ['rms_ffn', L * D],
    ['w1', L * F * D],
    ['w2', L * D * F],
    ['w3', L * F * D],
    ['rms_final', D],
    ['freq_cis_real', (seqLen * dh) / 2],
    ['freq_cis_imag', (seqLen * dh) / 2],
  ];
  if (!hd.sharedClassifier) sizes.push(['wcls', V * D]);
  const floats = sizes.reduce((s, [, n]) => s + n, 0);
  const expectedBytes = HEADER_BYTES + 4 * floats;
  if (bytes.length !== expectedBytes) {
    throw new InputError(`${path}: ${bytes.length} bytes, but the header (dim ${D}, hidden_dim ${F}, n_layers ${L}, n_heads ${H}, n_kv_heads ${Hkv}, vocab ${V}, seq_len ${seqLen}) implies ${expectedBytes}`);
  }
  // Copy into an aligned Float32Array (the data after a 28-byte header is 4-byte aligned but the Buffer may not be).
  const all = new Float32Array(floats);
  new Uint8Array(all.buffer).set(bytes.subarray(HEADER_BYTES));
  const parts = new Map<string, Float32Array>();
  let off = 0;
  for (const [name, n] of sizes) {
    parts.set(name, all.subarray(off, off + n));
    off += n;
  }
  const layerSlice = (name: string, i: number, n: number) => parts.get(name)!.slice(i * n, (i + 1) * n);
  const tensors = new Map<string, HfTensor>();
  tensors.set('model.embed_tokens.weight', { shape: [V, D], data: parts.get('tok_embeddings')!.slice() });
  for (let i = 0; i < L; i++) {
    const l = `model.layers.${i}`;
    tensors.set(`${l}.input_layernorm.weight`, { shape: [D], data: layerSlice('rms_att', i, D) });
    tensors.set(`${l}.self_attn.q_proj.weight`, { shape: [D, D], data: permuteRopeRows(layerSlice('wq', i, D * D), H, dh, D) });
    tensors.set(`${l}.self_attn.k_proj.weight`, { shape: [kvDim, D], data: permuteRopeRows(layerSlice('wk', i, kvDim * D), Hkv, dh, D) });
    tensors.set(`${l}.self_attn.v_proj.weight`, { shape: [kvDim, D], data: layerSlice('wv', i, kvDim * D) });
    tensors.set(`${l}.self_attn.o_proj.weight`, { shape: [D, D], data: layerSlice('wo', i, D * D) });
    tensors.set(`${l}.post_attention_layernorm.weight`, { shape: [D], data: layerSlice('rms_ffn', i, D) });
    tensors.set(`${l}.mlp.gate_proj.weight`, { shape: [F, D], data: layerSlice('w1', i, F * D) });
    tensors.set(`${l}.mlp.down_proj.weight`, { shape: [D, F], data: layerSlice('w2', i, D * F) });
    tensors.set(`${l}.mlp.up_proj.weight`, { shape: [F, D], data: layerSlice('w3', i, F * D) });
  }
  tensors.set('model.norm.weight', { shape: [D], data: parts.get('rms_final')!.slice() });
  if (!hd.sharedClassifier) tensors.set('lm_head.weight', { shape: [V, D], data: parts.get('wcls')!.slice() });
  const config = {
    architectures: ['LlamaForCausalLM'],
    model_type: 'llama',
    vocab_size: V,
    hidden_size: D,
    intermediate_size: F,
    num_hidden_layers: L,
    num_attention_heads: H,
    num_key_value_heads: Hkv,
    max_position_embeddings: seqLen,
    hidden_act: 'silu',
    rms_norm_eps: 1e-5, // llama2.c run.c
    rope_theta: 10000.0,
    rope_scaling: null,
    attention_bias: false,
    tie_word_embeddings: hd.sharedClassifier,
    bos_token_id: 1,
    eos_token_id: 2,
    torch_dtype: 'float32',
    converted_from: 'llama2.c legacy checkpoint (version 0)',
  };
  return { header: hd, config, tensors };
}
