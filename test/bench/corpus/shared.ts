// Helpers shared by the secret and decoy specs.
import { ALNUM, B64, Rng } from './rng.js';
import { camel, snake, upperSnake } from './langs.js';
import type { Block, BlockFn, Family, RawLine } from './types.js';

export type RawMap = Partial<Record<Family, RawLine[]>>;

/** Families where `name = value` is written unless a spec says otherwise. */
export const ASSIGN_DEFAULT: Family[] = [
  'env', 'sh', 'dockerfile', 'py', 'js', 'go', 'java', 'yaml', 'json', 'properties', 'tf', 'xml', 'toml', 'ini', 'md',
  'ps1', 'cs', 'rb', 'php',
];

/** Line-comment syntax by family (none for JSON). */
export const COMMENT: Partial<Record<Family, (text: string) => string>> = {
  js: (t) => `// ${t}`, go: (t) => `// ${t}`, java: (t) => `// ${t}`, cs: (t) => `// ${t}`, php: (t) => `// ${t}`,
  py: (t) => `# ${t}`, sh: (t) => `# ${t}`, yaml: (t) => `# ${t}`, env: (t) => `# ${t}`, toml: (t) => `# ${t}`, ini: (t) => `; ${t}`,
  properties: (t) => `# ${t}`, dockerfile: (t) => `# ${t}`, tf: (t) => `# ${t}`, md: (t) => `# ${t}`, ps1: (t) => `# ${t}`, rb: (t) => `# ${t}`,
  xml: (t) => `<!-- ${t} -->`, html: (t) => `<!-- ${t} -->`,
};

export function mergeRaw(...parts: RawMap[]): RawMap {
  const out: RawMap = {};
  for (const part of parts) {
    for (const [fam, lines] of Object.entries(part) as [Family, RawLine[]][]) {
      out[fam] = [...(out[fam] ?? []), ...lines];
    }
  }
  return out;
}

/** `Authorization: Bearer <v>` in the families that make HTTP calls. */
export function bearer(host: string, path = '/v1/user'): RawMap {
  return {
    sh: [(v) => `curl -sS -H "Authorization: Bearer ${v}" https://${host}${path}`],
    js: [(v) => `const headers = { Authorization: \`Bearer ${v}\` };`],
    py: [(v) => `resp = requests.get("https://${host}${path}", headers={"Authorization": "Bearer ${v}"})`],
    go: [(v) => `req.Header.Set("Authorization", "Bearer ${v}")`],
    java: [(v) => `conn.setRequestProperty("Authorization", "Bearer ${v}");`],
  };
}

/** A header other than Authorization carrying the value. */
export function header(name: string, host: string): RawMap {
  return {
    sh: [(v) => `curl -sS -H "${name}: ${v}" https://${host}/`],
    js: [(v) => `const headers = { '${name}': '${v}' };`],
    py: [(v) => `headers = {"${name}": "${v}"}`],
  };
}

/** A webhook URL posted to. */
export const postUrl: RawMap = {
  sh: [(v) => `curl -X POST -H 'Content-type: application/json' --data '{"text":"deploy finished"}' '${v}'`],
  js: [(v) => `await fetch('${v}', { method: 'POST', body: JSON.stringify(payload) });`],
  py: [(v) => `requests.post("${v}", json=payload, timeout=10)`],
  go: [(v) => `resp, err := http.Post("${v}", "application/json", body)`],
};

export function randomPassword(r: Rng, lo = 14, hi = 28): string {
  const symbols = '!@%^*-_=+.~';
  const len = r.range(lo, hi);
  let s = r.str(ALNUM + symbols + symbols, len - 3);
  s += r.str('0123456789', 1) + r.str(symbols, 1) + r.str('ABCDEFGHJKLMNPQRSTUVWXYZ', 1);
  return r.shuffle(s.split('')).join('');
}

/** URL-safe password for URIs. */
export function uriPassword(r: Rng): string {
  return r.str(ALNUM, r.range(12, 24)) + r.str(ALNUM + '-_~', r.range(2, 6));
}

export const base64 = (s: string): string => Buffer.from(s, 'utf8').toString('base64');
export const base64url = (s: string): string => Buffer.from(s, 'utf8').toString('base64url');

/** Random base64 of exactly `n` characters split into lines of `width`. */
export function b64Lines(r: Rng, prefix: string, n: number, width: number, pad = ''): string[] {
  const body = prefix + r.str(B64, Math.max(0, n - prefix.length - pad.length)) + pad;
  const out: string[] = [];
  for (let i = 0; i < body.length; i += width) out.push(body.slice(i, i + width));
  return out;
}

/** Escape real newlines for single-line forms (`"-----BEGIN…\n…"`). */
export const escapeNewlines = (v: string): string => v.replace(/\n/g, '\\n');

/** Multi-line forms of a PEM-like block; the label sits on the `-----BEGIN` line. */
export function pemBlocks(names: string[], files: string[]): Partial<Record<Family, BlockFn>> {
  const mk = (f: (lines: string[], r: Rng, indent: string) => Block): BlockFn => (v, r, indent) => f(v.split('\n'), r, indent);
  return {
    pem: mk((lines) => ({ lines, at: 0 })),
    yaml: mk((lines, r, indent) => ({
      lines: [`${indent}${snake(r.pick(names))}: |`, ...lines.map((l) => `${indent}  ${l}`)],
      at: 1,
    })),
    js: mk((lines, r, indent) => {
      const first = lines[0] ?? '';
      const last = lines[lines.length - 1] ?? '';
      return { lines: [`${indent}const ${camel(r.pick(names))} = \`${first}`, ...lines.slice(1, -1), `${last}\`;`], at: 0 };
    }),
    py: mk((lines, r, indent) => {
      const first = lines[0] ?? '';
      const last = lines[lines.length - 1] ?? '';
      return { lines: [`${indent}${upperSnake(r.pick(names))} = """${first}`, ...lines.slice(1, -1), `${last}"""`], at: 0 };
    }),
    sh: mk((lines, r, indent) => ({ lines: [`${indent}cat > "${r.pick(files)}" <<'EOF'`, ...lines, 'EOF'], at: 1 })),
    tf: mk((lines, r, indent) => ({
      lines: [`${indent}${snake(r.pick(names))} = <<-EOT`, ...lines.map((l) => `${indent}  ${l}`), `${indent}EOT`],
      at: 1,
    })),
  };
}
