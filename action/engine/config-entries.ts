// A config file as a set of entries a reviewer can read ("allowlist path: .*"), so that a push
// which edits the scan's own configuration shows the approver what it adds and removes.
import { parseConfigToml, parseIgnoreFile } from './config.js';
import type { Rule } from './types.js';

export type ConfigFileKind = 'secretgate' | 'gitleaks' | 'ignore';

/** The entries of one config file's text; a file that does not parse is one entry saying so. */
export function configEntries(text: string, source: string, kind: ConfigFileKind): string[] {
  if (kind === 'ignore') return parseIgnoreFile(text).map((id) => `ignore: ${id}`);
  let part;
  try {
    part = parseConfigToml(text, source, kind);
  } catch (e) {
    return [`invalid config: ${(e as Error).message}`];
  }
  const out: string[] = [];
  if (!part.useDefaultRules) out.push('built-in rules: off');
  for (const id of part.disabledRules) out.push(`disabled rule: ${id}`);
  for (const rule of part.rules) out.push(ruleEntry(rule));
  const a = part.allowlist;
  for (const p of a.paths ?? []) out.push(`allowlist path: ${p.source}`);
  for (const r of a.regexes ?? []) out.push(`allowlist regex: ${r.source}`);
  for (const w of a.stopwords ?? []) out.push(`allowlist stopword: ${w}`);
  if (a.regexTarget) out.push(`allowlist regexTarget: ${a.regexTarget}`);
  for (const c of part.allowCommits) out.push(`allowed commit: ${c}`);
  for (const f of part.ignore) out.push(`ignored fingerprint: ${f}`);
  for (const p of part.allowUnscanned) out.push(`allowUnscanned: ${p.source}`);
  if (part.maxFileBytes !== undefined) out.push(`maxFileSize: ${part.maxFileBytes} bytes`);
  return out;
}

function ruleEntry(rule: Rule): string {
  const extras = [
    rule.path && `path ${rule.path.source}`,
    rule.entropy !== undefined && `entropy ${rule.entropy}`,
    ...(rule.allowlist ?? []).map((r) => `allows ${r.source}`),
    ...(rule.allowMatch ?? []).map((r) => `allows match ${r.source}`),
    ...(rule.allowLine ?? []).map((r) => `allows line ${r.source}`),
    ...(rule.allowPaths ?? []).map((r) => `allows path ${r.source}`),
    ...(rule.stopwords ?? []).map((w) => `stopword ${w}`),
  ].filter(Boolean);
  return `rule ${rule.id}: ${rule.regex.source}${extras.length ? ` (${extras.join(', ')})` : ''}`;
}

export interface EntryChange {
  added: string[];
  removed: string[];
}

/** What `after` adds to and removes from `before` (each list in the file's order). */
export function diffEntries(before: readonly string[], after: readonly string[]): EntryChange {
  const had = new Set(before);
  const has = new Set(after);
  return { added: after.filter((e) => !had.has(e)), removed: before.filter((e) => !has.has(e)) };
}
