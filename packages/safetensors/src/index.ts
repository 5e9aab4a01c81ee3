export { DTYPES, isDtype, numel, type Dtype, type TypedArray } from './dtypes.ts';
export type { TensorEntry, SafetensorsFile } from './tensor.ts';
export { parseSafetensors } from './parse.ts';
export { serializeSafetensors, type TensorInput } from './serialize.ts';
export { readSafetensors, writeSafetensors } from './io.ts';
export { toFloat32, fromFloat32 } from './float.ts';
