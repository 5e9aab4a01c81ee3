/**
 * SentencePiece `ModelProto` (sentencepiece_model.proto) from a `.model` file: `spm.model` (DeBERTa-v3),
 * `spiece.model` (T5). The protobuf wire format is decoded by @bufbuild/protobuf's BinaryReader; which
 * field is which is written out here (only the fields tokenization needs; others are skipped), so that a
 * truncated or foreign file fails with the file and the field being read.
 */
import { readFileSync } from 'node:fs';
import { BinaryReader, WireType } from '@bufbuild/protobuf/wire';
import { InputError } from '@peftbench/util';

/** SentencePiece.Type */
export const PieceType = { NORMAL: 1, UNKNOWN: 2, CONTROL: 3, USER_DEFINED: 4, UNUSED: 5, BYTE: 6 } as const;
const PIECE_TYPES = new Set<number>(Object.values(PieceType));

/** TrainerSpec.ModelType */
export const SpmModelType = { UNIGRAM: 1, BPE: 2, WORD: 3, CHAR: 4 } as const;

export interface SpmPiece {
  piece: string;
  score: number;
  type: number;
}

export interface SpmModel {
  pieces: SpmPiece[];
  trainer: {
    modelType: number;
    byteFallback: boolean;
    treatWhitespaceAsSuffix: boolean;
    unkId: number;
    bosId: number;
    eosId: number;
    padId: number;
  };
  normalizer: {
    name: string;
    precompiledCharsmap: Uint8Array;
    addDummyPrefix: boolean;
    removeExtraWhitespaces: boolean;
    escapeWhitespaces: boolean;
  };
}

class Fields {
  constructor(
    readonly file: string,
    private readonly path: string,
  ) {}
  error(field: string, msg: string): InputError {
    return new InputError(`${this.file} [${this.path}${field}]: ${msg}`);
  }
  /** Run one field read; a read past the end or a malformed value names the field. */
  read<T>(r: BinaryReader, field: string, fn: () => T): T {
    let v: T;
    try {
      v = fn();
    } catch (err) {
      throw this.error(field, `truncated or not a SentencePiece model (${(err as Error).message})`);
    }
    if (r.pos > r.len) throw this.error(field, 'truncated: the value runs past the end of its message');
    return v;
  }
  expectWire(field: string, got: number, want: number): void {
    if (got !== want) throw this.error(field, `wire type ${got} where ${want} was expected: not a SentencePiece model`);
  }
}

/** Iterate the (field number, wire type) tags of a message, checking each tag is well formed. */
function* tags(r: BinaryReader, f: Fields, where: string): Generator<[number, number]> {
  while (r.pos < r.len) {
    const [no, wt] = f.read(r, where, () => r.tag());
    if (no === 0 || wt > 5) throw f.error(where, `malformed field tag at byte ${r.pos}: not a SentencePiece model`);
    yield [no, wt];
  }
}

function skip(r: BinaryReader, f: Fields, where: string, no: number, wt: number): void {
  f.read(r, `${where}#${no}`, () => r.skip(wt as WireType, no));
}

function parsePiece(buf: Uint8Array, f: Fields, i: number): SpmPiece {
  const r = new BinaryReader(buf);
  const out: SpmPiece = { piece: '', score: 0, type: PieceType.NORMAL };
  let hasPiece = false;
  for (const [no, wt] of tags(r, f, `pieces[${i}]`)) {
    if (no === 1) {
      f.expectWire(`pieces[${i}].piece`, wt, WireType.LengthDelimited);
      out.piece = f.read(r, `pieces[${i}].piece`, () => r.string());
      hasPiece = true;
    } else if (no === 2) {
      f.expectWire(`pieces[${i}].score`, wt, WireType.Bit32);
      out.score = f.read(r, `pieces[${i}].score`, () => r.float());
    } else if (no === 3) {
      f.expectWire(`pieces[${i}].type`, wt, WireType.Varint);
      out.type = f.read(r, `pieces[${i}].type`, () => r.int32());
      if (!PIECE_TYPES.has(out.type)) throw f.error(`pieces[${i}].type`, `unknown piece type ${out.type}`);
    } else skip(r, f, `pieces[${i}]`, no, wt);
  }
  if (!hasPiece) throw f.error(`pieces[${i}].piece`, 'missing');
  return out;
}

function parseTrainer(buf: Uint8Array, f: Fields): SpmModel['trainer'] {
  const r = new BinaryReader(buf);
  // proto2 defaults of TrainerSpec
  const t = { modelType: SpmModelType.UNIGRAM as number, byteFallback: false, treatWhitespaceAsSuffix: false, unkId: 0, bosId: 1, eosId: 2, padId: -1 };
  const varint = (field: string, wt: number, read: () => number | boolean) => {
    f.expectWire(`trainer_spec.${field}`, wt, WireType.Varint);
    return f.read(r, `trainer_spec.${field}`, read);
  };
  for (const [no, wt] of tags(r, f, 'trainer_spec')) {
    if (no === 3) t.modelType = varint('model_type', wt, () => r.int32()) as number;
    else if (no === 24) t.treatWhitespaceAsSuffix = varint('treat_whitespace_as_suffix', wt, () => r.bool()) as boolean;
    else if (no === 35) t.byteFallback = varint('byte_fallback', wt, () => r.bool()) as boolean;
    else if (no === 40) t.unkId = varint('unk_id', wt, () => r.int32()) as number;
    else if (no === 41) t.bosId = varint('bos_id', wt, () => r.int32()) as number;
    else if (no === 42) t.eosId = varint('eos_id', wt, () => r.int32()) as number;
    else if (no === 43) t.padId = varint('pad_id', wt, () => r.int32()) as number;
    else skip(r, f, 'trainer_spec', no, wt);
  }
  return t;
}

function parseNormalizer(buf: Uint8Array, f: Fields): SpmModel['normalizer'] {
  const r = new BinaryReader(buf);
  // proto2 defaults of NormalizerSpec
  const n: SpmModel['normalizer'] = { name: '', precompiledCharsmap: new Uint8Array(0), addDummyPrefix: true, removeExtraWhitespaces: true, escapeWhitespaces: true };
  for (const [no, wt] of tags(r, f, 'normalizer_spec')) {
    if (no === 1) {
      f.expectWire('normalizer_spec.name', wt, WireType.LengthDelimited);
      n.name = f.read(r, 'normalizer_spec.name', () => r.string());
    } else if (no === 2) {
      f.expectWire('normalizer_spec.precompiled_charsmap', wt, WireType.LengthDelimited);
      n.precompiledCharsmap = f.read(r, 'normalizer_spec.precompiled_charsmap', () => r.bytes());
    } else if (no === 3 || no === 4 || no === 5) {
      const key = no === 3 ? 'add_dummy_prefix' : no === 4 ? 'remove_extra_whitespaces' : 'escape_whitespaces';
      f.expectWire(`normalizer_spec.${key}`, wt, WireType.Varint);
      const v = f.read(r, `normalizer_spec.${key}`, () => r.bool());
      if (no === 3) n.addDummyPrefix = v;
      else if (no === 4) n.removeExtraWhitespaces = v;
      else n.escapeWhitespaces = v;
    } else skip(r, f, 'normalizer_spec', no, wt);
  }
  return n;
}

/** Decode a SentencePiece ModelProto; `file` names the source in errors. */
export function parseSpmModel(bytes: Uint8Array, file: string): SpmModel {
  const f = new Fields(file, '');
  if (bytes.length === 0) throw f.error('pieces', 'empty file: not a SentencePiece model');
  const r = new BinaryReader(bytes);
  const pieces: SpmPiece[] = [];
  let trainer: SpmModel['trainer'] | undefined;
  let normalizer: SpmModel['normalizer'] | undefined;
  for (const [no, wt] of tags(r, f, 'ModelProto')) {
    if (no === 1) {
      f.expectWire(`pieces[${pieces.length}]`, wt, WireType.LengthDelimited);
      const sub = f.read(r, `pieces[${pieces.length}]`, () => r.bytes());
      pieces.push(parsePiece(sub, f, pieces.length));
    } else if (no === 2) {
      f.expectWire('trainer_spec', wt, WireType.LengthDelimited);
      trainer = parseTrainer(f.read(r, 'trainer_spec', () => r.bytes()), f);
    } else if (no === 3) {
      f.expectWire('normalizer_spec', wt, WireType.LengthDelimited);
      normalizer = parseNormalizer(f.read(r, 'normalizer_spec', () => r.bytes()), f);
    } else if (no === 4 || no === 5) {
      // self_test_data, denormalizer_spec: not needed to tokenize
      f.expectWire(no === 4 ? 'self_test_data' : 'denormalizer_spec', wt, WireType.LengthDelimited);
      skip(r, f, 'ModelProto', no, wt);
    } else if (no >= 200000000) {
      skip(r, f, 'ModelProto', no, wt); // extension range
    } else {
      throw f.error('(root)', `unexpected field number ${no}: not a SentencePiece ModelProto`);
    }
  }
  if (pieces.length === 0) throw f.error('pieces', 'no pieces: not a SentencePiece model');
  trainer ??= parseTrainer(new Uint8Array(0), f);
  normalizer ??= parseNormalizer(new Uint8Array(0), f);
  const unknown = pieces.flatMap((p, i) => (p.type === PieceType.UNKNOWN ? [i] : []));
  if (unknown.length !== 1) throw f.error('pieces', `expected exactly one UNKNOWN piece, found ${unknown.length}`);
  return { pieces, trainer, normalizer };
}

export function readSpmModel(path: string): SpmModel {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(path);
  } catch (err) {
    throw new InputError(`${path}: cannot read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  }
  return parseSpmModel(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength), path);
}
