import type { Dtype } from './dtypes.ts';
import type { TensorEntry } from './tensor.ts';

/**
 * Decode a tensor's values to float32. F16 (IEEE 754 binary16) and BF16 (the upper 16 bits of a float32)
 * arrive as Uint16Array bit patterns; other dtypes are converted element-wise (F32 is returned as is).
 * Hand-written because Node 20 has no Float16Array and @petamoriken/float16 is not installed here.
 */
export function toFloat32(entry: Pick<TensorEntry, 'dtype' | 'data'>): Float32Array {
  const { dtype, data } = entry;
  if (dtype === 'F32') return data as Float32Array;
  if (dtype === 'BF16') {
    const bits = new Uint32Array(data.length);
    for (let i = 0; i < data.length; i++) bits[i] = (data as Uint16Array)[i] << 16;
    return new Float32Array(bits.buffer);
  }
  if (dtype === 'F16') {
    const out = new Float32Array(data.length);
    for (let i = 0; i < data.length; i++) out[i] = halfToFloat((data as Uint16Array)[i]);
    return out;
  }
  if (dtype === 'I64') return Float32Array.from(data as BigInt64Array, (v) => Number(v));
  return Float32Array.from(data as ArrayLike<number>);
}

/** Encode float32 values as F16 or BF16 bit patterns, rounding to nearest, ties to even (as torch's .half()/.bfloat16()). */
export function fromFloat32(values: Float32Array, dtype: Extract<Dtype, 'F16' | 'BF16'>): Uint16Array {
  const bits = new Uint32Array(values.buffer, values.byteOffset, values.length);
  const out = new Uint16Array(values.length);
  for (let i = 0; i < values.length; i++) out[i] = dtype === 'BF16' ? floatBitsToBf16(bits[i]) : floatBitsToHalf(bits[i]);
  return out;
}

function halfToFloat(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exp = (h >> 10) & 0x1f;
  const mant = h & 0x3ff;
  if (exp === 0) return sign * mant * 2 ** -24; // zero / subnormal
  if (exp === 0x1f) return mant ? NaN : sign * Infinity;
  return sign * (1 + mant / 1024) * 2 ** (exp - 15);
}

function floatBitsToBf16(u: number): number {
  if ((u & 0x7f800000) === 0x7f800000 && u & 0x7fffff) return ((u >>> 16) | 0x40) & 0xffff; // quiet NaN
  return ((u + 0x7fff + ((u >>> 16) & 1)) >>> 16) & 0xffff;
}

function floatBitsToHalf(u: number): number {
  const sign = (u >>> 16) & 0x8000;
  const exp = (u >>> 23) & 0xff;
  const mant = u & 0x7fffff;
  if (exp === 0xff) return sign | 0x7c00 | (mant ? 0x200 : 0);
  const e = exp - 127 + 15;
  if (e >= 0x1f) return sign | 0x7c00; // overflow to infinity
  if (e <= 0) {
    if (e < -10) return sign; // underflows to zero
    // Subnormal: shift the full significand (with its implicit 1) right, round to nearest even.
    const m = mant | 0x800000;
    const shift = 14 - e;
    const half = m >>> shift;
    const rem = m & ((1 << shift) - 1);
    const mid = 1 << (shift - 1);
    return sign | (half + (rem > mid || (rem === mid && half & 1) ? 1 : 0));
  }
  const half = (e << 10) | (mant >>> 13);
  const rem = mant & 0x1fff;
  // A carry out of the mantissa correctly bumps the exponent (and reaches 0x7c00 = infinity at the top).
  return sign | (half + (rem > 0x1000 || (rem === 0x1000 && half & 1) ? 1 : 0));
}
