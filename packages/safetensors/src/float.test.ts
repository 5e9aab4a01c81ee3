import { describe, expect, test } from 'vitest';
import { fromFloat32, toFloat32 } from './float.ts';

const f16 = (bits: number[]) => [...toFloat32({ dtype: 'F16', data: new Uint16Array(bits) })];
const bf16 = (bits: number[]) => [...toFloat32({ dtype: 'BF16', data: new Uint16Array(bits) })];

describe('F16 / BF16', () => {
  test('decode known binary16 patterns', () => {
    expect(f16([0x0000, 0x3c00, 0xc000, 0x3555, 0x7bff, 0x0001, 0x0400, 0x7c00, 0xfc00])).toEqual([
      0, 1, -2, Math.fround(0.333251953125), 65504, 2 ** -24, 2 ** -14, Infinity, -Infinity,
    ]);
    expect(f16([0x8000])[0]).toBe(-0);
    expect(Number.isNaN(f16([0x7e00])[0])).toBe(true);
  });

  test('decode bfloat16 = upper half of float32', () => {
    expect(bf16([0x3f80, 0xc040, 0x4049, 0x0000])).toEqual([1, -3, 3.140625, 0]);
  });

  test('encode rounds to nearest, ties to even', () => {
    const v = new Float32Array([1, -2, 65504, 65520, 2 ** -24, 2 ** -25, 1 + 2 ** -11, 1 + 3 * 2 ** -11, 0.1]);
    expect([...fromFloat32(v, 'F16')]).toEqual([0x3c00, 0xc000, 0x7bff, 0x7c00, 0x0001, 0x0000, 0x3c00, 0x3c02, 0x2e66]);
    // 1 + 2^-8 is a tie between 1 and 1 + 2^-7 in bfloat16: goes to the even one (1).
    const w = new Float32Array([1, 1 + 2 ** -8, 1 + 3 * 2 ** -8, Math.PI]);
    expect([...fromFloat32(w, 'BF16')]).toEqual([0x3f80, 0x3f80, 0x3f82, 0x4049]);
  });

  test('encode then decode is within half an ulp over a range of values', () => {
    const v = Float32Array.from({ length: 2001 }, (_, i) => (i - 1000) / 37);
    const back = toFloat32({ dtype: 'F16', data: fromFloat32(v, 'F16') });
    for (let i = 0; i < v.length; i++) expect(Math.abs(back[i] - v[i])).toBeLessThanOrEqual(Math.abs(v[i]) * 2 ** -11 + 1e-12);
  });

  test('integer dtypes convert element-wise', () => {
    expect([...toFloat32({ dtype: 'I64', data: new BigInt64Array([3n, -4n]) })]).toEqual([3, -4]);
    expect([...toFloat32({ dtype: 'I8', data: new Int8Array([-128, 5]) })]).toEqual([-128, 5]);
  });
});
