/**
 * IOB1 -> IOB2: in IOB1 an entity may start with I-; B- only separates two adjacent entities of the same
 * type. In IOB2 every entity starts with B-. So an I-X that follows O, the sentence start, or a tag of
 * another type becomes B-X; everything else is unchanged. Idempotent on IOB2 input.
 */
export function iob1ToIob2(tags: readonly string[]): string[] {
  return tags.map((tag, i) => {
    if (!tag.startsWith('I-')) return tag;
    const type = tag.slice(2);
    const prev = i > 0 ? tags[i - 1] : 'O';
    return prev === 'O' || prev.slice(2) !== type ? `B-${type}` : tag;
  });
}

/** Whether tags are valid IOB2 (no I-X after O or after a different type). */
export function isIob2(tags: readonly string[]): boolean {
  return tags.every((tag, i) => !tag.startsWith('I-') || (i > 0 && tags[i - 1] !== 'O' && tags[i - 1].slice(2) === tag.slice(2)));
}

/** Entity spans [type, start, endExclusive] of an IOB2 sequence. */
export function spans(tags: readonly string[]): [string, number, number][] {
  const out: [string, number, number][] = [];
  let cur: [string, number, number] | undefined;
  tags.forEach((tag, i) => {
    if (tag.startsWith('B-') || (tag.startsWith('I-') && (!cur || cur[0] !== tag.slice(2)))) {
      if (cur) out.push(cur);
      cur = [tag.slice(2), i, i + 1];
    } else if (tag.startsWith('I-') && cur) {
      cur[2] = i + 1;
    } else {
      if (cur) out.push(cur);
      cur = undefined;
    }
  });
  if (cur) out.push(cur);
  return out;
}
