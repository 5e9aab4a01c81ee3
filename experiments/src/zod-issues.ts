/**
 * Turn zod issues into "path: message" pairs a person can act on. zod reports a failed union as one
 * "Invalid input" at the union's path; the useful message is inside the branch that got furthest, e.g.
 * "Unrecognized key: 'lerningRate'" in the object branch rather than "expected string" in the string branch.
 */
import type { z } from 'zod';

type Issue = z.core.$ZodIssue;
export interface Problem {
  path: (string | number)[];
  message: string;
}

export function explainIssues(issues: readonly Issue[], prefix: (string | number)[] = []): Problem[] {
  return issues.flatMap((issue) => explainOne(issue, prefix));
}

function explainOne(issue: Issue, prefix: (string | number)[]): Problem[] {
  const path = [...prefix, ...issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p))];
  if (issue.code === 'invalid_union' && issue.errors.length > 0) {
    const branch = mostSpecificBranch(issue.errors);
    if (branch) return explainIssues(branch, path);
    const expected = issue.errors.flatMap((b) => b.map(describeExpectation)).filter(Boolean);
    return [{ path, message: `expected ${[...new Set(expected)].join(' or ') || 'a different value'}` }];
  }
  // one problem per unknown key, at the key itself (its line), not at the enclosing block
  if (issue.code === 'unrecognized_keys') return issue.keys.map((k) => ({ path: [...path, k], message: `unknown key '${k}'` }));
  return [{ path, message: issue.message }];
}

/** The branch whose first issue lies deepest, unless every branch failed right at the union (a type mismatch). */
function mostSpecificBranch(branches: Issue[][]): Issue[] | null {
  let best: Issue[] | null = null;
  let bestDepth = 0;
  for (const branch of branches) {
    const depth = Math.max(0, ...branch.map((i) => (i.code === 'invalid_type' || i.code === 'invalid_value') && i.path.length === 0 ? 0 : i.path.length + 1));
    if (depth > bestDepth) [best, bestDepth] = [branch, depth];
  }
  return best;
}

function describeExpectation(issue: Issue): string {
  if (issue.path.length > 0) return '';
  if (issue.code === 'invalid_type') return issue.expected;
  if (issue.code === 'invalid_value') return issue.values.map((v) => JSON.stringify(v)).join(' or ');
  return '';
}

export function formatPath(path: readonly (string | number)[]): string {
  return path.reduce<string>((s, p) => (typeof p === 'number' ? `${s}[${p}]` : s ? `${s}.${p}` : p), '');
}
