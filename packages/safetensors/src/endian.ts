import { endianness } from 'node:os';

/** Typed arrays use the host byte order; safetensors is little-endian. Refuse rather than corrupt. */
export function assertLittleEndianHost(): void {
  if (endianness() !== 'LE') throw new Error('safetensors: big-endian hosts are not supported');
}
