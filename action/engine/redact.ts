// The preview of a finding that people see (reports, Slack, review pages): never a character of
// the value someone could not already read in the rule itself.

/** Below this many bits per character a value may be a word or a pattern: it shows nothing. */
export const LOW_ENTROPY_BITS = 3.5;

export interface PreviewRule {
  id: string;
  /** Lower-case literals of the rule; one the value starts with is a public prefix. */
  keywords: readonly string[];
  generic?: boolean;
}

/**
 * A provider token whose rule names its public prefix shows that prefix and the length
 * (`ghp_…(40 chars)`). Everything else, and every generic or low-entropy value, shows only the
 * rule, the length and the kinds of characters (`[generic-secret-assignment: 12 chars, a-z0-9]`).
 */
export function redact(rule: PreviewRule, value: string, entropy: number): string {
  const prefix = rule.generic || entropy < LOW_ENTROPY_BITS ? 0 : publicPrefixLength(rule.keywords, value);
  if (prefix > 0) return `${value.slice(0, prefix)}…(${value.length} chars)`;
  return `[${rule.id}: ${value.length} chars, ${shapeOf(value)}]`;
}

/** The longest keyword the value starts with, if it leaves most of the value hidden. */
function publicPrefixLength(keywords: readonly string[], value: string): number {
  const lower = value.slice(0, 64).toLowerCase();
  let best = 0;
  for (const k of keywords) {
    if (k.length > best && k.length * 2 <= value.length && lower.startsWith(k) && !/\s/.test(k)) best = k.length;
  }
  return best;
}

/** Which kinds of characters the value holds, in a fixed order. */
export function shapeOf(value: string): string {
  const parts: string[] = [];
  let classes = '';
  if (/[a-z]/.test(value)) classes += 'a-z';
  if (/[A-Z]/.test(value)) classes += 'A-Z';
  if (/[0-9]/.test(value)) classes += '0-9';
  if (classes) parts.push(classes);
  if (/[^A-Za-z0-9\s]/.test(value)) parts.push('symbols');
  if (/\s/.test(value)) parts.push('spaces');
  return parts.join(' and ') || 'empty';
}
