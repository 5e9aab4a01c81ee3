/**
 * SentencePiece Unigram segmentation (unigram_model.cc, sentencepiece 0.1.97's one-best Viterbi): maximise
 * the sum of piece scores over the normalised text.
 *
 * Score arithmetic follows sentencepiece exactly, since it decides ties (digit runs such as `000`):
 * the best path score per end position is stored as float32; a piece candidate is the double sum
 * score + best[start] compared (strictly greater wins) against the stored float32, then rounded to float32;
 * an unknown-character candidate is float32 throughout: fround(fround(minScore - 10) + best[start]).
 * Start positions go left to right, pieces at a start shortest first. CONTROL / UNKNOWN / UNUSED pieces
 * never match text; a character no piece of length one covers gets an unknown node, and consecutive unknown
 * nodes come out as one unknown token whose surface is the normalised text.
 */
import { InputError } from '@peftbench/util';
import { PieceType, SpmModelType, type SpmModel } from './spm-model.ts';

export interface SpmToken {
  /** The piece string, or for an unknown run its normalised surface text. */
  piece: string;
  id: number;
  unknown: boolean;
}

const UNK_PENALTY = 10;

export class UnigramModel {
  /** piece string → id, for the pieces that can match text (NORMAL, USER_DEFINED). */
  private readonly byPiece = new Map<string, number>();
  private readonly scores: Float32Array;
  private readonly maxPieceChars: number;
  readonly unkId: number;
  private readonly unkScore: number;
  private readonly byteIds: Map<number, number> | null;

  constructor(
    private readonly model: SpmModel,
    file: string,
  ) {
    if (model.trainer.modelType !== SpmModelType.UNIGRAM) {
      throw new InputError(`${file} [trainer_spec.model_type]: ${model.trainer.modelType} (only Unigram (1) SentencePiece models are supported; BPE/WORD/CHAR are not)`);
    }
    this.scores = Float32Array.from(model.pieces.map((p) => p.score));
    let minScore = Infinity;
    let maxChars = 1;
    model.pieces.forEach((p, id) => {
      if (p.type === PieceType.NORMAL) minScore = Math.min(minScore, p.score);
      if (p.type === PieceType.NORMAL || p.type === PieceType.USER_DEFINED) {
        if (!this.byPiece.has(p.piece)) this.byPiece.set(p.piece, id);
        maxChars = Math.max(maxChars, [...p.piece].length);
      }
    });
    if (!Number.isFinite(minScore)) throw new InputError(`${file} [pieces]: no NORMAL piece`);
    this.maxPieceChars = maxChars;
    this.unkId = model.pieces.findIndex((p) => p.type === PieceType.UNKNOWN);
    this.unkScore = Math.fround(Math.fround(minScore) - UNK_PENALTY);
    if (model.trainer.byteFallback) {
      this.byteIds = new Map();
      model.pieces.forEach((p, id) => {
        const m = p.type === PieceType.BYTE ? /^<0x([0-9A-Fa-f]{2})>$/.exec(p.piece) : null;
        if (m) this.byteIds!.set(parseInt(m[1], 16), id);
      });
    } else this.byteIds = null;
  }

  /** Segment normalised text (already with `▁`). */
  encode(normalized: string): SpmToken[] {
    if (normalized === '') return [];
    const chars = [...normalized];
    const n = chars.length;
    const best = new Float64Array(n + 1); // float32 values, stored as doubles
    const from = new Int32Array(n + 1).fill(-1); // start of the best last node ending here
    const ids = new Int32Array(n + 1).fill(-1); // its id (unkId for an unknown node)
    from[0] = 0;
    for (let start = 0; start < n; start++) {
      if (from[start] < 0) continue; // unreachable (cannot happen: unknown nodes cover every char)
      const base = best[start];
      let hasSingle = false;
      let piece = '';
      for (let len = 1; len <= this.maxPieceChars && start + len <= n; len++) {
        piece += chars[start + len - 1];
        const id = this.byPiece.get(piece);
        if (id === undefined) continue;
        if (len === 1) hasSingle = true;
        const end = start + len;
        const cand = this.scores[id] + base; // double sum of two float32 values
        if (from[end] < 0 || cand > best[end]) {
          best[end] = Math.fround(cand);
          from[end] = start;
          ids[end] = id;
        }
      }
      if (!hasSingle) {
        const end = start + 1;
        const cand = Math.fround(this.unkScore + base);
        if (from[end] < 0 || cand > best[end]) {
          best[end] = cand;
          from[end] = start;
          ids[end] = this.unkId;
        }
      }
    }
    const path: { start: number; end: number; id: number }[] = [];
    for (let end = n; end > 0; end = from[end]) path.push({ start: from[end], end, id: ids[end] });
    path.reverse();
    const out: SpmToken[] = [];
    for (const node of path) {
      const surface = chars.slice(node.start, node.end).join('');
      const unknown = node.id === this.unkId;
      if (unknown && this.byteIds) {
        for (const b of new TextEncoder().encode(surface)) {
          const id = this.byteIds.get(b);
          out.push(id === undefined ? { piece: surface, id: this.unkId, unknown: true } : { piece: this.model.pieces[id].piece, id, unknown: false });
        }
        continue;
      }
      const prev = out[out.length - 1];
      if (unknown && prev?.unknown) prev.piece += surface; // a run of unknown characters is one token
      else out.push({ piece: unknown ? surface : this.model.pieces[node.id].piece, id: node.id, unknown });
    }
    return out;
  }
}
