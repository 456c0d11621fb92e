// One wording for a schema's first complaint, `<field> <problem>`: the field as a path a caller
// can find (`findings[0].severity`), the problem without the value (it may hold a secret).
import type { z } from 'zod';

/** `['findings', 0, 'severity']` → `findings[0].severity`; the root is `root`. */
export function fieldPath(path: readonly PropertyKey[], root: string): string {
  let out = '';
  for (const part of path) out += typeof part === 'number' ? `[${part}]` : `${out ? '.' : ''}${String(part)}`;
  return out || root;
}

/** A problem in words; a schema's own message (set with `{ error }`) wins over zod's default. */
function problemOf(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      // zod's own wording for these names what it expected and what it got, never the value.
      if (issue.message.startsWith('Invalid input')) return issue.message.includes('received undefined') ? 'is required' : `must be ${article(issue.expected)}`;
      return issue.message;
    case 'too_small':
      if (issue.message.startsWith('Too small')) return issue.minimum === 1 && issue.origin !== 'number' ? 'must not be empty' : issue.message;
      return issue.message;
    default:
      return issue.message;
  }
}

const article = (expected: string) => (expected === 'object' || expected === 'array' ? `an ${expected}` : `a ${expected}`);

/** The first problem a schema found, as `<field> <problem>`; `under` is where the parsed part sits in the whole. */
export function firstIssue(error: { issues: readonly z.core.$ZodIssue[] }, root = 'body', under: readonly PropertyKey[] = []): string {
  const issue = error.issues[0];
  if (!issue) return `${fieldPath(under, root)} is malformed`;
  return `${fieldPath([...under, ...issue.path], root)} ${problemOf(issue)}`;
}
