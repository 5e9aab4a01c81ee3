/**
 * GPT-2's byte-to-symbol table (`bytes_to_unicode` in OpenAI's encoder.py, also used by HF's ByteLevel):
 * printable bytes map to themselves, the other 68 bytes to U+0100 upwards, so every byte is one visible
 * character. These 256 symbols are the BPE base vocabulary: any text can be spelled with them.
 */
export function byteSymbols(): string[] {
  const printable = (b: number) => (b >= 33 && b <= 126) || (b >= 161 && b <= 172) || (b >= 174 && b <= 255);
  const out: string[] = [];
  let next = 256;
  for (let b = 0; b < 256; b++) out.push(String.fromCodePoint(printable(b) ? b : next++));
  return out;
}
