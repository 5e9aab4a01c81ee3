/**
 * Which transformer layer an HF parameter name belongs to, read from the name itself
 * (`roberta.encoder.layer.3.…`, `transformer.h.3.…`, `model.layers.3.…`, `deberta.encoder.layer.3.…`).
 */
const LAYER_INDEX = /\.(?:layer|layers|h)\.(\d+)\./;

/** The layer index, or -1 for embeddings, final norms and heads. */
export function layerIndexOf(name: string): number {
  const m = LAYER_INDEX.exec(name);
  return m ? Number(m[1]) : -1;
}

/** The norm after the last layer of a pre-LN decoder (GPT-2 `transformer.ln_f`, Llama `model.norm`). */
export function isFinalNorm(name: string): boolean {
  return /^(?:transformer\.ln_f|model\.norm)\.(?:weight|bias)$/.test(name);
}
