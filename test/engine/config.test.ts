import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildConfig, ConfigError, parseBaseline } from '../../action/engine/config.js';
import { createDetector } from '../../action/engine/detect.js';
import { defaultRules } from '../../action/engine/rules/index.js';
import { isSuppressed } from '../../action/engine/suppress.js';
import { compileGoRegex } from '../../action/engine/go-regex.js';

const fixture = (name: string) => readFileSync(join(import.meta.dirname, '../fixtures/config', name), 'utf8');
const secretgate = (name: string) => buildConfig({ secretgateToml: { text: fixture(name), source: name } });
const gitleaks = (name: string) => buildConfig({ gitleaksToml: { text: fixture(name), source: name } });

describe('buildConfig', () => {
  it('uses every built-in rule with no files', () => {
    const config = buildConfig();
    expect(config.rules.length).toBe(defaultRules.length);
    expect(config.maxFileBytes).toBe(64 * 1024 * 1024);
    expect(config.allowUnscanned).toEqual([]);
  });

  it('reads a full .secretgate.toml: custom rule, disabled rule, allowlists, size', () => {
    const config = secretgate('valid/secretgate-full.toml');
    const ids = config.rules.map((r) => r.id);
    expect(ids).toContain('acme-internal-token');
    expect(ids).not.toContain('jwt');
    expect(ids.length).toBe(defaultRules.length);
    expect(config.maxFileBytes).toBe(512 * 1024);
    expect(config.ignore.has('deadbeef')).toBe(true);

    const detector = createDetector({ rules: config.rules, allowlist: config.allowlist });
    const token = 'acme_9f3k2l5m8n1p4q7r0s3t6v9w2x5y8z1b';
    expect(detector.detect({ file: 'src/a.ts', text: `t = "${token}"` }).map((f) => f.ruleId)).toEqual(['acme-internal-token']);
    expect(detector.detect({ file: 'test/fixtures/a.ts', text: `t = "${token}"` })).toEqual([]);
    expect(detector.detect({ file: 'src/a.ts', text: 't = "acme_notreal5m8n1p4q7r0s3t6v9w2x5y8"' })).toEqual([]);
  });

  it('reads a gitleaks config that extends the defaults, with Go regex syntax', () => {
    const config = gitleaks('valid/gitleaks-extends.toml');
    expect(config.rules.length).toBe(defaultRules.length + 1);
    expect(config.allowCommits.has('1111111111111111111111111111111111111111')).toBe(true);
    const detector = createDetector({ rules: config.rules, allowlist: config.allowlist });
    const text = 'corp_key = "Q7ZK2M9X4VB8RT3WP6NY1HC5"';
    expect(detector.detect({ file: 'src/x.py', text }).map((f) => f.ruleId)).toEqual(['corp-api-key']);
    expect(detector.detect({ file: 'vendor/x.py', text })).toEqual([]);
    expect(detector.detect({ file: 'Cargo.lock', text })).toEqual([]);
    expect(detector.detect({ file: 'src/x.py', text: `${text} # see example.corp` })).toEqual([]);
  });

  it('lets a gitleaks config without extend replace the defaults, as gitleaks does', () => {
    expect(gitleaks('valid/gitleaks-replaces.toml').rules.map((r) => r.id)).toEqual(['only-rule']);
  });

  it.each([
    ['bad_toml.toml', /^invalid\/bad_toml\.toml: invalid TOML \(line 2, column \d+\): /],
    ['rule_missing_id.toml', "invalid/rule_missing_id.toml: rules[0]: 'id' is required and must be letters, digits, '-', '_' or '.'."],
    ['rule_path_only.toml', "invalid/rule_path_only.toml: rule 'no-regex': 'regex' is required (path-only rules are not supported)."],
    ['rule_bad_regex.toml', /^invalid\/rule_bad_regex\.toml: rule 'bad-regex': regex: invalid regex '\(unclosed': /],
    ['rule_bad_severity.toml', "invalid/rule_bad_severity.toml: rule 'bad-sev': 'severity' must be one of critical, high, medium, low."],
    ['disable_unknown_rule.toml', "invalid/disable_unknown_rule.toml: disabledRules names unknown rule 'no-such-rule'."],
    ['unknown_top_key.toml', "invalid/unknown_top_key.toml: unknown key 'rulez'."],
    ['allowlist_paths_not_array.toml', "invalid/allowlist_paths_not_array.toml: 'allowlist.paths' must be an array of strings."],
    ['extend_path.toml', 'invalid/extend_path.toml: extend.path and extend.url are not supported; copy the rules into this file or set extend.useDefault = true.'],
    ['bad_max_file_size.toml', `invalid/bad_max_file_size.toml: 'scan.maxFileSize' must be a byte count or a size such as "2MB".`],
  ])('rejects %s with an exact message', (name, message) => {
    const run = () => secretgate(`invalid/${name}`);
    expect(run).toThrow(ConfigError);
    if (typeof message === 'string') expect(run).toThrow(message);
    else expect(run).toThrow(message);
  });
});

describe('ignore files and baselines', () => {
  const detector = createDetector({ rules: defaultRules });
  const [finding] = detector.detect({ file: 'a.js', text: 'x = "ghp_R7kq2ZtWm9XvB4nLc8PpHs3DfJy6Ua1Ge0Qw"', commit: 'c0ffee', lineNumbers: [7] });

  it('suppresses a finding named in .gitleaksignore by commit:file:rule:line or file:rule:line', () => {
    expect(finding?.gitleaksFingerprint).toBe('c0ffee:a.js:github-pat:7');
    for (const line of ['c0ffee:a.js:github-pat:7', 'a.js:github-pat:7']) {
      const config = buildConfig({ gitleaksIgnore: { text: `# comment\n\n${line}\n`, source: '.gitleaksignore' } });
      expect(isSuppressed(finding!, config)).toBe(true);
    }
    const other = buildConfig({ gitleaksIgnore: { text: 'a.js:github-pat:8\n', source: '.gitleaksignore' } });
    expect(isSuppressed(finding!, other)).toBe(false);
  });

  it('suppresses a finding whose fingerprint is in a baseline report', () => {
    const text = JSON.stringify({ findings: [{ fingerprint: finding!.fingerprint }] });
    expect(isSuppressed(finding!, buildConfig({ baseline: { text, source: 'baseline.json' } }))).toBe(true);
    expect(isSuppressed(finding!, buildConfig({ baseline: { text: '{"findings":[]}', source: 'baseline.json' } }))).toBe(false);
  });

  it('rejects a baseline that is not a report', () => {
    expect(() => parseBaseline('{', 'b.json')).toThrow(/^b\.json: baseline is not valid JSON: /);
    expect(() => parseBaseline('{"x":1}', 'b.json')).toThrow('b.json: baseline must be a secretgate report');
  });
});

describe('compileGoRegex', () => {
  it('rewrites inline flags, named groups and POSIX classes', () => {
    expect(compileGoRegex('(?i)abc').flags).toContain('i');
    expect(compileGoRegex('(?P<x>a+)').exec('aa')?.groups?.x).toBe('aa');
    expect(compileGoRegex('^[[:alnum:]]+\\z').test('abc123')).toBe(true);
    expect(compileGoRegex('^[[:alnum:]]+\\z').test('abc-123')).toBe(false);
    expect(compileGoRegex('x(?i:ab)y').test('xABy')).toBe(true);
  });
});
