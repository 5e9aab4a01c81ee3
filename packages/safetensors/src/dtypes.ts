/**
 * The safetensors dtypes peftbench reads and writes, with their element size, the typed array that holds
 * them, and their rank in the reference `Dtype` enum (huggingface/safetensors `tensor.rs`, declared "in
 * increasing alignment order"); the serializer lays tensors out by that rank, descending, then by name.
 */
export type Dtype = 'F64' | 'I64' | 'F32' | 'I32' | 'BF16' | 'F16' | 'I16' | 'I8' | 'U8' | 'BOOL';

export type TypedArray =
  | Float64Array
  | BigInt64Array
  | Float32Array
  | Int32Array
  | Uint16Array
  | Int16Array
  | Int8Array
  | Uint8Array;

interface DtypeInfo {
  /** Bytes per element. */
  size: number;
  /** Position in the reference enum: BOOL, U8, I8, (F8_*), I16, U16, F16, BF16, I32, U32, F32, F64, I64, U64. */
  rank: number;
  /** F16 and BF16 are kept as their raw 16-bit patterns (Uint16Array); `toFloat32` decodes them. */
  array: { new (buffer: ArrayBufferLike, byteOffset: number, length: number): TypedArray; name: string };
}

export const DTYPES: Record<Dtype, DtypeInfo> = {
  BOOL: { size: 1, rank: 0, array: Uint8Array },
  U8: { size: 1, rank: 1, array: Uint8Array },
  I8: { size: 1, rank: 2, array: Int8Array },
  I16: { size: 2, rank: 5, array: Int16Array },
  F16: { size: 2, rank: 7, array: Uint16Array },
  BF16: { size: 2, rank: 8, array: Uint16Array },
  I32: { size: 4, rank: 9, array: Int32Array },
  F32: { size: 4, rank: 11, array: Float32Array },
  F64: { size: 8, rank: 12, array: Float64Array },
  I64: { size: 8, rank: 13, array: BigInt64Array },
};

export function isDtype(name: unknown): name is Dtype {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(DTYPES, name);
}

/** Number of elements of a shape (1 for a scalar, shape []). */
export function numel(shape: readonly number[]): number {
  return shape.reduce((n, d) => n * d, 1);
}
