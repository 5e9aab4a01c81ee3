import type { Dtype, TypedArray } from './dtypes.ts';

/** One tensor: little-endian, row-major ('C' order) data of `numel(shape)` elements. */
export interface TensorEntry {
  dtype: Dtype;
  shape: number[];
  data: TypedArray;
}

export interface SafetensorsFile {
  /** In file (header) order. */
  tensors: Map<string, TensorEntry>;
  /** The "__metadata__" string map; undefined when the file has none. */
  metadata: Record<string, string> | undefined;
}
