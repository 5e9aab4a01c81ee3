/**
 * Math examples (mathEncodeTrain / mathEncodePrompt) in the causal layout the E2E helpers batch, score and
 * generate with: the prompt is the source, the response (+ EOS) the target, nothing inserted.
 */
import type { CausalExample, EncodedMath } from '@peftbench/datasets';

export function toCausal(examples: readonly EncodedMath[]): CausalExample[] {
  return examples.map((e, idx) => ({
    inputIds: e.inputIds,
    typeIds: e.typeIds,
    label: e.label,
    idx,
    sourceLength: e.promptLength,
    insertStart: e.promptLength,
    insertLength: 0,
    targetLength: e.inputIds.length - e.promptLength,
  }));
}
