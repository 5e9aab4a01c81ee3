import type { SpecialIds } from './text-tokenizer.ts';

type Role = keyof SpecialIds;

/** Tokens commonly used for each role, tried (in order) when neither the config nor the post-processor names one. */
const WELL_KNOWN: Record<Role, string[]> = {
  pad: ['[PAD]', '<pad>'],
  bos: ['<s>', '<|begin_of_text|>', '<|endoftext|>'],
  eos: ['</s>', '<|end_of_text|>', '<|endoftext|>'],
  cls: ['[CLS]', '<s>'],
  sep: ['[SEP]', '</s>'],
  mask: ['[MASK]', '<mask>'],
  unk: ['[UNK]', '<unk>', '<|endoftext|>'],
};

interface Sources {
  /** tokenizer_config.json, if any: `<role>_token` is a string or an AddedToken object {content}. */
  config: Record<string, unknown>;
  /** tokenizer.json */
  json: { post_processor?: unknown; model?: { unk_token?: unknown } };
  tokenToId(token: string): number | undefined;
}

/**
 * Resolve the special-token ids: tokenizer_config.json `<role>_token` first (what transformers uses), then
 * the post-processor's cls/sep (BertProcessing / RobertaProcessing), then the model's unk_token, then the
 * well-known token strings above if the vocabulary has them (e.g. GPT-2's <|endoftext|> as bos/eos/unk).
 */
export function resolveSpecialIds({ config, json, tokenToId }: Sources): SpecialIds {
  const out: SpecialIds = {};
  const post = (json.post_processor ?? {}) as { type?: string; cls?: [string, number]; sep?: [string, number] };
  for (const role of Object.keys(WELL_KNOWN) as Role[]) {
    const candidates: (string | undefined)[] = [tokenContent(config[`${role}_token`])];
    if ((role === 'cls' || role === 'bos') && Array.isArray(post.cls)) candidates.push(post.cls[0]);
    if ((role === 'sep' || role === 'eos') && Array.isArray(post.sep)) candidates.push(post.sep[0]);
    if (role === 'unk') candidates.push(tokenContent(json.model?.unk_token));
    candidates.push(...WELL_KNOWN[role]);
    for (const c of candidates) {
      const id = c === undefined ? undefined : tokenToId(c);
      if (id !== undefined) {
        out[role] = id;
        break;
      }
    }
  }
  return out;
}

function tokenContent(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  if (v && typeof v === 'object' && typeof (v as { content?: unknown }).content === 'string') return (v as { content: string }).content;
  return undefined;
}
