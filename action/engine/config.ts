// One validated Config from the built-in rules, a `.secretgate.toml`, a `.gitleaks.toml`,
// `.gitleaksignore` lines and a baseline report. Text in, Config out: the caller reads files.
import { parse as parseToml } from 'smol-toml';
import type { Allowlist } from './detect.js';
import { ConfigError } from './config-error.js';
import { compileGoRegex } from './go-regex.js';
import { defaultRules } from './rules/index.js';
import type { Rule, Severity } from './types.js';

export interface Config {
  rules: Rule[];
  allowlist: Allowlist;
  /** Commits whose findings are never reported. */
  allowCommits: Set<string>;
  /** secretgate fingerprints or gitleaks `commit:file:rule:line` ids never to report. */
  ignore: Set<string>;
  /** Fingerprints already reported in an earlier report. */
  baseline: Set<string>;
  /**
   * Files (or a file's added lines in one commit) are scanned up to this size; the rest is not
   * scanned, and reported as such (an unscanned item, which goes to review).
   */
  maxFileBytes: number;
  /** Paths whose unscanned parts may pass without review (`[scan] allowUnscanned`). */
  allowUnscanned: RegExp[];
}

// Past this a file is not scanned but reported: large enough for any generated or vendored
// file (a scan keeps ~30 MB/s), small enough that one push cannot hold a job for minutes.
export const DEFAULT_MAX_FILE_BYTES = 64 * 1024 * 1024;

export { ConfigError } from './config-error.js';

/** What one config file contributes. */
export interface ConfigPart {
  source: string;
  useDefaultRules: boolean;
  disabledRules: string[];
  rules: Rule[];
  allowlist: Partial<Allowlist>;
  allowCommits: string[];
  ignore: string[];
  maxFileBytes?: number;
  allowUnscanned: RegExp[];
}

export interface ConfigSources {
  secretgateToml?: { text: string; source: string };
  gitleaksToml?: { text: string; source: string };
  gitleaksIgnore?: { text: string; source: string };
  baseline?: { text: string; source: string };
}

export function buildConfig(sources: ConfigSources = {}): Config {
  const parts: ConfigPart[] = [];
  if (sources.gitleaksToml) parts.push(parseConfigToml(sources.gitleaksToml.text, sources.gitleaksToml.source, 'gitleaks'));
  if (sources.secretgateToml) parts.push(parseConfigToml(sources.secretgateToml.text, sources.secretgateToml.source, 'secretgate'));

  const useDefault = parts.every((p) => p.useDefaultRules);
  const byId = new Map<string, Rule>();
  if (useDefault) for (const r of defaultRules) byId.set(r.id, r);
  for (const part of parts) for (const r of part.rules) byId.set(r.id, r);
  for (const part of parts) {
    for (const id of part.disabledRules) {
      if (!byId.delete(id)) throw new ConfigError(part.source, `disabledRules names unknown rule '${id}'.`);
    }
  }

  const allowlist: Allowlist = { paths: [], regexes: [], regexTarget: 'secret', stopwords: [] };
  for (const part of parts) {
    allowlist.paths.push(...(part.allowlist.paths ?? []));
    allowlist.regexes.push(...(part.allowlist.regexes ?? []));
    allowlist.stopwords.push(...(part.allowlist.stopwords ?? []));
    if (part.allowlist.regexTarget) allowlist.regexTarget = part.allowlist.regexTarget;
  }
  const ignore = new Set(parts.flatMap((p) => p.ignore));
  if (sources.gitleaksIgnore) for (const id of parseIgnoreFile(sources.gitleaksIgnore.text)) ignore.add(id);
  const baseline = sources.baseline ? parseBaseline(sources.baseline.text, sources.baseline.source) : new Set<string>();
  const maxFileBytes = parts.reduce<number | undefined>((m, p) => p.maxFileBytes ?? m, undefined) ?? DEFAULT_MAX_FILE_BYTES;
  return {
    rules: [...byId.values()],
    allowlist,
    allowCommits: new Set(parts.flatMap((p) => p.allowCommits)),
    ignore,
    baseline,
    maxFileBytes,
    allowUnscanned: parts.flatMap((p) => p.allowUnscanned),
  };
}

/** `.gitleaksignore`: one fingerprint per line, `#` comments. */
export function parseIgnoreFile(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'));
}

/** A secretgate JSON report, or a gitleaks JSON report (its `Fingerprint` fields). */
export function parseBaseline(text: string, source: string): Set<string> {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw new ConfigError(source, `baseline is not valid JSON: ${(e as Error).message}`);
  }
  const out = new Set<string>();
  const list = Array.isArray(data) ? data : isRecord(data) && Array.isArray(data.findings) ? data.findings : undefined;
  if (!list) throw new ConfigError(source, "baseline must be a secretgate report ({ \"findings\": [...] }) or a gitleaks report (an array).");
  for (const item of list) {
    if (!isRecord(item)) continue;
    if (typeof item.fingerprint === 'string') out.add(item.fingerprint);
    if (typeof item.Fingerprint === 'string') out.add(item.Fingerprint);
    if (typeof item.gitleaksFingerprint === 'string') out.add(item.gitleaksFingerprint);
  }
  return out;
}

const SEVERITIES: readonly Severity[] = ['critical', 'high', 'medium', 'low'];
const TOP_KEYS: Record<'secretgate' | 'gitleaks', string[]> = {
  secretgate: ['title', 'description', 'extend', 'rules', 'allowlist', 'allowlists', 'scan'],
  gitleaks: ['title', 'description', 'extend', 'rules', 'allowlist', 'allowlists', 'minVersion'],
};

export function parseConfigToml(text: string, source: string, dialect: 'secretgate' | 'gitleaks'): ConfigPart {
  let doc: Record<string, unknown>;
  try {
    doc = parseToml(text) as Record<string, unknown>;
  } catch (e) {
    const err = e as Error & { line?: number; column?: number };
    const where = err.line ? ` (line ${err.line}, column ${err.column})` : '';
    throw new ConfigError(source, `invalid TOML${where}: ${err.message.split('\n')[0]}`);
  }
  for (const key of Object.keys(doc)) {
    if (!TOP_KEYS[dialect].includes(key)) throw new ConfigError(source, `unknown key '${key}'.`);
  }
  const extend = optionalTable(doc.extend, source, 'extend');
  if (extend?.path !== undefined || extend?.url !== undefined) {
    throw new ConfigError(source, "extend.path and extend.url are not supported; copy the rules into this file or set extend.useDefault = true.");
  }
  const rulesRaw = doc.rules === undefined ? [] : doc.rules;
  if (!Array.isArray(rulesRaw)) throw new ConfigError(source, "'rules' must be an array of tables ([[rules]]).");
  const rules = rulesRaw.map((r, i) => parseRule(r, i, source));
  // gitleaks semantics: a file that defines rules replaces the defaults unless it extends them.
  const useDefaultRules = extend?.useDefault !== undefined
    ? bool(extend.useDefault, source, 'extend.useDefault')
    : dialect === 'secretgate' || rules.length === 0;
  const allowlists = [
    ...(doc.allowlist !== undefined ? [optionalTable(doc.allowlist, source, 'allowlist')!] : []),
    ...arrayOfTables(doc.allowlists, source, 'allowlists'),
  ];
  const allowlist: Partial<Allowlist> = { paths: [], regexes: [], stopwords: [] };
  const allowCommits: string[] = [];
  const ignore: string[] = [];
  for (const [i, a] of allowlists.entries()) {
    const where = doc.allowlist !== undefined && i === 0 ? 'allowlist' : `allowlists[${i}]`;
    allowlist.paths!.push(...regexList(a.paths, source, `${where}.paths`));
    allowlist.regexes!.push(...regexList(a.regexes, source, `${where}.regexes`));
    allowlist.stopwords!.push(...stringList(a.stopwords, source, `${where}.stopwords`).map((s) => s.toLowerCase()));
    allowCommits.push(...stringList(a.commits, source, `${where}.commits`));
    ignore.push(...stringList(a.fingerprints, source, `${where}.fingerprints`));
    if (a.regexTarget !== undefined) allowlist.regexTarget = regexTarget(a.regexTarget, source, `${where}.regexTarget`);
  }
  const scan = optionalTable(doc.scan, source, 'scan');
  const part: ConfigPart = {
    source,
    useDefaultRules,
    disabledRules: stringList(extend?.disabledRules, source, 'extend.disabledRules'),
    rules,
    allowlist,
    allowCommits,
    ignore,
    allowUnscanned: regexList(scan?.allowUnscanned, source, 'scan.allowUnscanned'),
  };
  if (scan?.maxFileSize !== undefined) part.maxFileBytes = parseSize(scan.maxFileSize, source, 'scan.maxFileSize');
  return part;
}

function parseRule(raw: unknown, index: number, source: string): Rule {
  const where = `rules[${index}]`;
  const t = optionalTable(raw, source, where)!;
  if (typeof t.id !== 'string' || !/^[A-Za-z0-9][\w.-]*$/.test(t.id)) {
    throw new ConfigError(source, `${where}: 'id' is required and must be letters, digits, '-', '_' or '.'.`);
  }
  const id = t.id;
  const at = `rule '${id}'`;
  if (typeof t.regex !== 'string' || t.regex === '') {
    throw new ConfigError(source, `${at}: 'regex' is required (path-only rules are not supported).`);
  }
  const regex = goRegex(t.regex, source, `${at}: regex`);
  const severity = t.severity === undefined ? 'high' : t.severity;
  if (typeof severity !== 'string' || !SEVERITIES.includes(severity as Severity)) {
    throw new ConfigError(source, `${at}: 'severity' must be one of ${SEVERITIES.join(', ')}.`);
  }
  const rule: Rule = {
    id,
    description: typeof t.description === 'string' ? t.description : id,
    severity: severity as Severity,
    keywords: stringList(t.keywords, source, `${at}: keywords`).map((k) => k.toLowerCase()).filter((k) => /^[\x00-\x7f]+$/.test(k)),
    regex,
    truePositives: [],
    falsePositives: [],
  };
  if (t.secretGroup !== undefined) {
    if (!Number.isInteger(t.secretGroup) || (t.secretGroup as number) < 0) throw new ConfigError(source, `${at}: 'secretGroup' must be a non-negative integer.`);
    rule.secretGroup = t.secretGroup as number;
  }
  if (t.entropy !== undefined) {
    if (typeof t.entropy !== 'number' || t.entropy < 0 || t.entropy > 8) throw new ConfigError(source, `${at}: 'entropy' must be a number from 0 to 8.`);
    rule.entropy = t.entropy;
  }
  if (t.path !== undefined) rule.path = goRegex(String(t.path), source, `${at}: path`);
  const ruleAllow = [
    ...(t.allowlist !== undefined ? [optionalTable(t.allowlist, source, `${at}: allowlist`)!] : []),
    ...arrayOfTables(t.allowlists, source, `${at}: allowlists`),
  ];
  for (const a of ruleAllow) {
    const regexes = regexList(a.regexes, source, `${at}: allowlist.regexes`);
    const target = a.regexTarget === undefined ? 'secret' : regexTarget(a.regexTarget, source, `${at}: allowlist.regexTarget`);
    if (target === 'secret') rule.allowlist = [...(rule.allowlist ?? []), ...regexes];
    else if (target === 'match') rule.allowMatch = [...(rule.allowMatch ?? []), ...regexes];
    else rule.allowLine = [...(rule.allowLine ?? []), ...regexes];
    rule.allowPaths = [...(rule.allowPaths ?? []), ...regexList(a.paths, source, `${at}: allowlist.paths`)];
    rule.stopwords = [...(rule.stopwords ?? []), ...stringList(a.stopwords, source, `${at}: allowlist.stopwords`).map((s) => s.toLowerCase())];
  }
  return rule;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function optionalTable(v: unknown, source: string, where: string): Record<string, unknown> | undefined {
  if (v === undefined) return undefined;
  if (!isRecord(v)) throw new ConfigError(source, `'${where}' must be a table.`);
  return v;
}

function arrayOfTables(v: unknown, source: string, where: string): Record<string, unknown>[] {
  if (v === undefined) return [];
  if (!Array.isArray(v) || !v.every(isRecord)) throw new ConfigError(source, `'${where}' must be an array of tables.`);
  return v;
}

function stringList(v: unknown, source: string, where: string): string[] {
  if (v === undefined) return [];
  if (!Array.isArray(v) || !v.every((s) => typeof s === 'string')) throw new ConfigError(source, `'${where}' must be an array of strings.`);
  return v;
}

function regexList(v: unknown, source: string, where: string): RegExp[] {
  return stringList(v, source, where).map((s) => goRegex(s, source, where));
}

function goRegex(s: string, source: string, where: string): RegExp {
  try {
    return compileGoRegex(s);
  } catch (e) {
    throw new ConfigError(source, `${where}: invalid regex '${s}': ${(e as Error).message}`);
  }
}

function bool(v: unknown, source: string, where: string): boolean {
  if (typeof v !== 'boolean') throw new ConfigError(source, `'${where}' must be true or false.`);
  return v;
}

function regexTarget(v: unknown, source: string, where: string): Allowlist['regexTarget'] {
  if (v !== 'secret' && v !== 'match' && v !== 'line') throw new ConfigError(source, `'${where}' must be "secret", "match" or "line".`);
  return v;
}

function parseSize(v: unknown, source: string, where: string): number {
  if (typeof v === 'number' && Number.isInteger(v) && v > 0) return v;
  const m = typeof v === 'string' ? /^(\d+)\s*(B|KB|MB|GB)?$/i.exec(v.trim()) : null;
  if (!m) throw new ConfigError(source, `'${where}' must be a byte count or a size such as "2MB".`);
  const unit = { B: 1, KB: 1024, MB: 1024 ** 2, GB: 1024 ** 3 }[(m[2] ?? 'B').toUpperCase() as 'B'];
  return Number(m[1]) * unit;
}
