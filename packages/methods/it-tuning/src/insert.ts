/**
 * NLG token insertion: source | R information tokens | target (paper §3.2, §4). The information tokens
 * go before the first target position (or after the last real token when a row has no target, which is
 * how a generation prompt looks, so generation continues exactly where training put the target). Their
 * labels are -100; they are marked TokenKind.inserted. Rows that already hold inserted tokens, or hold
 * only target tokens (a cached decoding step), pass through unchanged.
 */
import { InputError } from '@peftbench/util';
import { TokenKind, type ModelInput } from '@peftbench/core';

export function infoIds(R: number, ids: number[]): number[] {
  return Array.from({ length: R }, (_, r) => ids[r % ids.length]);
}

export function insertInfoTokens(input: ModelInput, R: number, ids: number[]): ModelInput {
  const kinds = input.tokenKinds ?? input.attentionMask.map((row) => row.map((m) => (m ? TokenKind.source : TokenKind.pad)));
  const hasInserted = kinds.some((row) => row.includes(TokenKind.inserted));
  const decodingStep = kinds.every((row) => row.every((k) => k === TokenKind.target || k === TokenKind.pad));
  if (hasInserted || decodingStep) return input;
  const tokens = infoIds(R, ids);
  const out: ModelInput = { inputIds: [], attentionMask: [], tokenKinds: [] };
  if (input.tokenTypeIds) out.tokenTypeIds = [];
  if (input.positionIds) out.positionIds = [];
  // NLG labels are per position ([B][T]); per-sequence labels ([B], NLU) have nothing to splice
  const tokenLabels = input.labels && Array.isArray(input.labels[0]) ? (input.labels as number[][]) : undefined;
  const labelsOut: number[][] = [];
  kinds.forEach((row, b) => {
    let at = row.indexOf(TokenKind.target);
    if (at < 0) at = row.reduce((last, k, t) => (k !== TokenKind.pad ? t + 1 : last), 0);
    if (at === 0) throw new InputError(`model input [token_kinds][${b}]: no source tokens before the information tokens`);
    const splice = <T>(xs: T[], mid: T[]) => [...xs.slice(0, at), ...mid, ...xs.slice(at)];
    out.inputIds.push(splice(input.inputIds[b], tokens));
    out.attentionMask.push(splice(input.attentionMask[b], tokens.map(() => 1)));
    out.tokenKinds!.push(splice(row, tokens.map(() => TokenKind.inserted)));
    if (input.tokenTypeIds) out.tokenTypeIds!.push(splice(input.tokenTypeIds[b], tokens.map(() => 0)));
    if (tokenLabels) labelsOut.push(splice(tokenLabels[b], tokens.map(() => -100)));
    if (input.positionIds) {
      const p = input.positionIds[b];
      const start = at > 0 ? p[at - 1] + 1 : 0;
      out.positionIds!.push([...p.slice(0, at), ...tokens.map((_, r) => start + r), ...p.slice(at).map((x) => x + R)]);
    }
  });
  if (tokenLabels) out.labels = labelsOut;
  else if (input.labels) out.labels = input.labels;
  return out;
}
