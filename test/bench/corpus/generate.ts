// Deterministic generator of the labelled evaluation corpus: realistic files in many syntaxes,
// each holding fake secrets (kind 'secret', must be reported) and decoys (kind 'decoy', must not
// be reported) on their own lines, with plain code between them. No I/O; same seed, same corpus.
//
// Labels follow the truth of each string, not any engine's rules. A multi-line secret (a PEM
// block) is labelled on its `-----BEGIN` line only; its other lines are unlabelled.
import { DECOY_SPECS } from './decoys.js';
import { LANGS, PROJECTS, type LangDef } from './langs.js';
import { Rng } from './rng.js';
import { SECRET_SPECS } from './secrets.js';
import { ASSIGN_DEFAULT, COMMENT, escapeNewlines } from './shared.js';
import type { Block, CorpusFile, CorpusLabel, ExtraLabel, Family, ItemSpec } from './types.js';

export type { CorpusFile, CorpusLabel, LabelKind, ItemSpec, Family } from './types.js';
export { SECRET_SPECS } from './secrets.js';
export { DECOY_SPECS } from './decoys.js';

export interface CorpusOptions {
  files?: number;
  secrets?: number;
  decoys?: number;
}

const DEFAULTS: Required<CorpusOptions> = { files: 300, secrets: 1500, decoys: 1500 };

/** A README's fenced shell blocks take the shell forms. */
const rawFor = (spec: ItemSpec, family: Family) => spec.raw?.[family] ?? (family === 'md' ? spec.raw?.sh : undefined) ?? [];
const blockFor = (spec: ItemSpec, family: Family) => spec.block?.[family] ?? (family === 'md' ? spec.block?.sh : undefined);

function canRender(spec: ItemSpec, family: Family): boolean {
  if (blockFor(spec, family)) return true;
  if (rawFor(spec, family).length > 0) return true;
  return Boolean(spec.value && spec.names && spec.names.length > 0 && (spec.assignIn ?? ASSIGN_DEFAULT).includes(family));
}

type Choice = { kind: 'assign' } | { kind: 'raw'; index: number } | { kind: 'block' };

function renderItem(spec: ItemSpec, lang: LangDef, r: Rng): Block {
  const family = lang.family;
  const value = spec.value ? spec.value(r) : '';
  const oneLine = escapeNewlines(value);
  const raws = rawFor(spec, family);
  const block = blockFor(spec, family);
  const canAssign = Boolean(spec.value && spec.names && spec.names.length > 0 && (spec.assignIn ?? ASSIGN_DEFAULT).includes(family));

  const choices: Choice[] = [];
  if (canAssign) choices.push({ kind: 'assign' }, { kind: 'assign' });
  raws.forEach((_, index) => choices.push({ kind: 'raw', index }));
  if (block) {
    // Multi-line values mostly appear as real blocks; a PEM file holds nothing else.
    const n = family === 'pem' || !canAssign ? 1 : value.includes('\n') ? 3 : 1;
    for (let i = 0; i < n; i++) choices.push({ kind: 'block' });
  }
  if (family === 'pem' && block) choices.splice(0, choices.length, { kind: 'block' });
  const choice = r.pick(choices);

  // Now and then a value sits in a comment: an old key noted down, a placeholder in a hint.
  const comment = COMMENT[family];
  if (choice.kind === 'assign' && comment && !value.includes('\n') && r.chance(0.08)) {
    const name = r.pick(spec.names ?? []);
    const text = r.pick([`${name}: ${oneLine}`, `old ${name} was ${oneLine}`, `TODO rotate ${name} (${oneLine})`]);
    return { lines: [lang.indent + comment(text)], at: 0 };
  }

  if (choice.kind === 'block' && block) return block(value, r, lang.indent);
  if (choice.kind === 'raw') {
    const fn = raws[choice.index];
    if (!fn) throw new Error(`no raw form ${choice.index} for ${spec.format}`);
    return { lines: [lang.indent + fn(oneLine, r)], at: 0 };
  }
  const names = spec.names ?? [];
  return { lines: [lang.indent + lang.assign(r, r.pick(names), oneLine)], at: 0 };
}

/** Pick the compatible spec used least so far (relative to its weight); ties broken at random. */
function pickSpec(candidates: ItemSpec[], usage: Map<ItemSpec, number>, avoid: Set<ItemSpec>, r: Rng): ItemSpec {
  const pool = candidates.filter((s) => !avoid.has(s));
  const from = pool.length > 0 ? pool : candidates;
  let best: ItemSpec[] = [];
  let bestScore = Infinity;
  for (const s of from) {
    const score = (usage.get(s) ?? 0) / (s.weight ?? 1);
    if (score < bestScore - 1e-9) {
      bestScore = score;
      best = [s];
    } else if (Math.abs(score - bestScore) <= 1e-9) {
      best.push(s);
    }
  }
  return r.pick(best);
}

/** The languages of the files, proportional to their weights, in a shuffled order. */
function langSchedule(files: number, r: Rng): LangDef[] {
  const total = LANGS.reduce((a, l) => a + l.weight, 0);
  const out: LangDef[] = [];
  for (const l of LANGS) {
    const count = Math.max(1, Math.round((l.weight / total) * files));
    for (let i = 0; i < count; i++) out.push(l);
  }
  r.shuffle(out);
  while (out.length > files) out.pop();
  let k = 0;
  while (out.length < files) out.push(LANGS[k++ % LANGS.length] as LangDef);
  return out;
}

interface Unit {
  lines: string[];
  at?: number;
  label?: { kind: CorpusLabel['kind']; provider: string; format: string };
  extra?: ExtraLabel[];
}

function fillerUnit(lang: LangDef, r: Rng): Unit {
  return { lines: lang.filler(r).map((l) => (l === '' ? '' : lang.indent + l)) };
}

export function generateCorpus(seed = 1, options: CorpusOptions = {}): CorpusFile[] {
  const opts = { ...DEFAULTS, ...options };
  const r = new Rng(seed);
  const usage = new Map<ItemSpec, number>();
  const schedule = langSchedule(opts.files, r);
  const usedPaths = new Set<string>();
  const files: CorpusFile[] = [];
  let secretsLeft = opts.secrets;
  let decoysLeft = opts.decoys;

  for (let i = 0; i < schedule.length; i++) {
    const lang = schedule[i] as LangDef;
    const filesLeft = schedule.length - i;
    const allowed = (s: ItemSpec): boolean => canRender(s, lang.family) && (!lang.only || lang.only.includes(s.format));
    const secretPool = SECRET_SPECS.filter(allowed);
    const decoyPool = DECOY_SPECS.filter(allowed);

    const want = (left: number): number => Math.max(0, Math.round(left / filesLeft + (r.next() - 0.5) * 4));
    let ns = secretPool.length > 0 ? want(secretsLeft) : 0;
    let nd = decoyPool.length > 0 ? want(decoysLeft) : 0;
    // No spec twice in one file when the file kind allows enough distinct ones.
    ns = Math.min(ns, secretPool.length);
    nd = Math.min(nd, decoyPool.length);
    if (lang.maxItems !== undefined) {
      while (ns + nd > lang.maxItems) {
        if (ns >= nd && ns > 0) ns--;
        else nd--;
      }
    }
    if (ns + nd === 0) {
      if (secretPool.length > 0) ns = 1;
      else nd = 1;
    }
    if (i === schedule.length - 1) {
      // The last file takes what is left, so the totals hit their targets when it can.
      if (secretPool.length > 0 && lang.maxItems === undefined) ns = Math.max(ns, secretsLeft);
      if (decoyPool.length > 0 && lang.maxItems === undefined) nd = Math.max(nd, decoysLeft);
    }

    const picked: ItemSpec[] = [];
    const avoid = new Set<ItemSpec>();
    const preferred = secretPool.filter((s) => lang.prefer?.includes(s.format));
    if (preferred.length > 0 && ns > 0) {
      const s = pickSpec(preferred, usage, avoid, r);
      picked.push(s);
      avoid.add(s);
      usage.set(s, (usage.get(s) ?? 0) + 1);
    }
    for (let k = picked.length; k < ns; k++) {
      const s = pickSpec(secretPool, usage, avoid, r);
      picked.push(s);
      avoid.add(s);
      usage.set(s, (usage.get(s) ?? 0) + 1);
    }
    for (let k = 0; k < nd; k++) {
      const s = pickSpec(decoyPool, usage, avoid, r);
      picked.push(s);
      avoid.add(s);
      usage.set(s, (usage.get(s) ?? 0) + 1);
    }
    r.shuffle(picked);
    secretsLeft -= ns;
    decoysLeft -= nd;

    const body: Unit[] = [];
    for (const spec of picked) {
      const fillers = lang.family === 'pem' ? (body.length > 0 ? 1 : 0) : r.range(1, 3);
      for (let f = 0; f < fillers; f++) body.push(fillerUnit(lang, r));
      const block = renderItem(spec, lang, r);
      body.push({
        lines: block.lines,
        at: block.at,
        label: { kind: spec.kind, provider: spec.provider, format: spec.format },
        ...(block.extra ? { extra: block.extra } : {}),
      });
    }
    if (lang.family !== 'pem') {
      const tail = r.range(1, 2);
      for (let f = 0; f < tail; f++) body.push(fillerUnit(lang, r));
    }

    if (lang.family === 'json') {
      // JSON members are comma-separated; blank lines are not members.
      const members = body.filter((u) => u.lines.length > 0 && !(u.lines.length === 1 && u.lines[0] === ''));
      body.splice(0, body.length, ...members);
      body.forEach((u, idx) => {
        if (idx < body.length - 1) u.lines[u.lines.length - 1] += ',';
      });
    }

    const lines: string[] = [...lang.prelude(r)];
    const labels: CorpusLabel[] = [];
    for (const u of body) {
      const start = lines.length + 1;
      if (u.label && u.at !== undefined) labels.push({ line: start + u.at, ...u.label });
      for (const e of u.extra ?? []) labels.push({ line: start + e.at, kind: e.kind, provider: e.provider, format: e.format });
      lines.push(...u.lines);
    }
    lines.push(...lang.postlude(r));
    labels.sort((a, b) => a.line - b.line);

    let path = '';
    for (let attempt = 0; attempt < 6 && (path === '' || usedPaths.has(path)); attempt++) {
      path = `${r.pick(PROJECTS)}/${lang.path(r)}`;
    }
    if (usedPaths.has(path)) path = `${r.pick(PROJECTS)}-${String(i).padStart(3, '0')}/${lang.path(r)}`;
    usedPaths.add(path);

    files.push({ path, text: lines.join('\n') + '\n', labels });
  }
  return files;
}

/** Distinct formats of the labels of one kind. */
export function corpusFormats(corpus: CorpusFile[], kind: CorpusLabel['kind'] = 'secret'): Set<string> {
  const out = new Set<string>();
  for (const f of corpus) for (const l of f.labels) if (l.kind === kind) out.add(l.format);
  return out;
}
