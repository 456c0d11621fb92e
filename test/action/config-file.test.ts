// Which config files a scan reads, and how: the ones at the repository root, or the one the
// `config` input (`--config`) names; the secretgate and gitleaks dialects; errors that name the file.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../action/config-file.js';
import { ConfigError } from '../../action/engine/config.js';
import { defaultRules } from '../../action/engine/rules/index.js';
import { removeDir, tempDir } from '../support/git-fixture.js';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach(removeDir));

/** A directory holding `files` (path → content). */
function workspace(files: Record<string, string> = {}, prefix = 'secretgate-config-'): string {
  const root = tempDir(prefix);
  dirs.push(root);
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, name)), { recursive: true });
    writeFileSync(join(root, name), content);
  }
  return root;
}

const ruleIds = (config: { rules: { id: string }[] }) => config.rules.map((r) => r.id);
const builtIn = defaultRules.length;

const disablesJwt = '[extend]\ndisabledRules = ["jwt"]\n';
const allowsFixtures = "[allowlist]\npaths = ['''^test/fixtures/''']\n";
// A gitleaks config with a rule and no [extend]: as in gitleaks, it replaces the built-in rules.
const gitleaksOwnRule = `title = "corp rules"\n\n[[rules]]\nid = "corp-key"\nregex = '''corp_[a-z0-9]{20}'''\nkeywords = ["corp_"]\n`;
const gitleaksExtends = `title = "corp rules"\n\n[extend]\nuseDefault = true\n\n[[rules]]\nid = "corp-key"\nregex = '''corp_[a-z0-9]{20}'''\nkeywords = ["corp_"]\n`;

describe('loadConfig at the repository root', () => {
  it('uses the built-in rules and nothing else when the root has no config files', async () => {
    const config = await loadConfig({ root: workspace({ 'README.md': '# widgets\n' }) });
    expect(config.rules).toHaveLength(builtIn);
    expect(config.allowlist.paths).toEqual([]);
    expect(config.ignore.size).toBe(0);
  });

  it('reads .secretgate.toml: its disabled rules and allowlist apply', async () => {
    const config = await loadConfig({ root: workspace({ '.secretgate.toml': disablesJwt + allowsFixtures }) });
    expect(ruleIds(config)).not.toContain('jwt');
    expect(config.rules).toHaveLength(builtIn - 1);
    expect(config.allowlist.paths.map(String)).toEqual(['/^test\\/fixtures\\//']);
  });

  it('reads .gitleaks.toml as gitleaks does: its own rules replace the built-in ones', async () => {
    const config = await loadConfig({ root: workspace({ '.gitleaks.toml': gitleaksOwnRule }) });
    expect(ruleIds(config)).toEqual(['corp-key']);
  });

  it('reads .gitleaks.toml that extends the defaults: built-in rules plus its own', async () => {
    const config = await loadConfig({ root: workspace({ '.gitleaks.toml': gitleaksExtends }) });
    expect(config.rules).toHaveLength(builtIn + 1);
    expect(ruleIds(config)).toContain('corp-key');
  });

  it('reads both when both are there, each in its own dialect', async () => {
    const config = await loadConfig({ root: workspace({ '.secretgate.toml': disablesJwt, '.gitleaks.toml': gitleaksExtends }) });
    expect(ruleIds(config)).toContain('corp-key');
    expect(ruleIds(config)).not.toContain('jwt');
    expect(config.rules).toHaveLength(builtIn);
  });

  it('reads .gitleaksignore: every line but blanks and comments is an ignored finding', async () => {
    const ignore = '# reviewed 2024-05-01\nabc123:src/a.js:github-pat:2\n\nsrc/b.js:aws-access-key-id:7\n';
    const config = await loadConfig({ root: workspace({ '.gitleaksignore': ignore }) });
    expect([...config.ignore].sort()).toEqual(['abc123:src/a.js:github-pat:2', 'src/b.js:aws-access-key-id:7']);
  });

  it('does not look for config files below the root', async () => {
    const config = await loadConfig({ root: workspace({ 'sub/.secretgate.toml': disablesJwt, 'sub/.gitleaksignore': 'x:y:z:1\n' }) });
    expect(config.rules).toHaveLength(builtIn);
    expect(config.ignore.size).toBe(0);
  });
});

describe('loadConfig with the config input', () => {
  it('reads the named file instead of the root config files, and still honours .gitleaksignore', async () => {
    const root = workspace({
      '.secretgate.toml': allowsFixtures,
      '.gitleaksignore': 'src/b.js:github-pat:3\n',
      'ci/scan.toml': disablesJwt,
    });
    const config = await loadConfig({ root, configPath: join(root, 'ci/scan.toml') });
    expect(ruleIds(config)).not.toContain('jwt');
    expect(config.allowlist.paths).toEqual([]);
    expect([...config.ignore]).toEqual(['src/b.js:github-pat:3']);
  });

  it.each([
    ['its name says gitleaks', 'ci/gitleaks-rules.toml', `[[rules]]\nid = "corp-key"\nregex = '''corp_[a-z0-9]{20}'''\n`],
    ['it has a title and rules and no [scan] table', 'ci/rules.toml', gitleaksOwnRule],
    ['it has minVersion, a key only gitleaks has', 'ci/rules.toml', `minVersion = "v8.20.0"\n\n[[rules]]\nid = "corp-key"\nregex = '''corp_[a-z0-9]{20}'''\n`],
  ])('reads a file as gitleaks when %s', async (_case, name, text) => {
    const root = workspace({ [name]: text });
    const config = await loadConfig({ root, configPath: join(root, name) });
    expect(ruleIds(config)).toEqual(['corp-key']);
  });

  it.each([
    ['its name says secretgate, though it has a title and rules', 'ci/secretgate.toml', gitleaksOwnRule],
    ['it has a [scan] table', 'ci/rules.toml', `${gitleaksOwnRule}\n[scan]\nmaxFileSize = "1MB"\n`],
    ['it has rules but no title', 'ci/rules.toml', `[[rules]]\nid = "corp-key"\nregex = '''corp_[a-z0-9]{20}'''\n`],
  ])('reads a file as secretgate, adding to the built-in rules, when %s', async (_case, name, text) => {
    const root = workspace({ [name]: text });
    const config = await loadConfig({ root, configPath: join(root, name) });
    expect(config.rules).toHaveLength(builtIn + 1);
    expect(ruleIds(config)).toContain('corp-key');
  });

  it('tells the dialect by the file name, not by the directories above it', async () => {
    // A checkout of a repository called gitleaks-fork: /home/runner/work/gitleaks-fork/gitleaks-fork/…
    const root = workspace({ 'ci/rules.toml': `[[rules]]\nid = "corp-key"\nregex = '''corp_[a-z0-9]{20}'''\n` }, 'gitleaks-fork-');
    const config = await loadConfig({ root, configPath: join(root, 'ci/rules.toml') });
    expect(config.rules).toHaveLength(builtIn + 1);
  });
});

describe('loadConfig errors', () => {
  it('fails, naming the path, when the config input names a file that does not exist', async () => {
    const root = workspace();
    const path = join(root, 'ci/missing.toml');
    const attempt = loadConfig({ root, configPath: path });
    await expect(attempt).rejects.toBeInstanceOf(ConfigError);
    await expect(attempt).rejects.toThrow(`${path}: config file not found.`);
  });

  it('fails, naming .secretgate.toml and the line, when the root config is not valid TOML', async () => {
    const attempt = loadConfig({ root: workspace({ '.secretgate.toml': '[allowlist]\npaths = [\n' }) });
    await expect(attempt).rejects.toThrow(/^\.secretgate\.toml: invalid TOML \(line \d+, column \d+\): /);
  });

  it('fails, naming .gitleaks.toml and the rule, when a root gitleaks rule is invalid', async () => {
    const attempt = loadConfig({ root: workspace({ '.gitleaks.toml': '[[rules]]\nid = "bad-sev"\nregex = \'\'\'x\'\'\'\nseverity = "urgent"\n' }) });
    await expect(attempt).rejects.toThrow(".gitleaks.toml: rule 'bad-sev': 'severity' must be one of critical, high, medium, low.");
  });

  it('fails, naming the file it was given, when the named config is invalid', async () => {
    const root = workspace({ 'ci/scan.toml': '[extend]\ndisabledRules = ["no-such-rule"]\n' });
    const path = join(root, 'ci/scan.toml');
    await expect(loadConfig({ root, configPath: path })).rejects.toThrow(`${path}: disabledRules names unknown rule 'no-such-rule'.`);
  });

  it('fails instead of skipping a root config file it cannot read', async () => {
    const root = workspace();
    mkdirSync(join(root, '.secretgate.toml'));
    await expect(loadConfig({ root })).rejects.toThrow(`${join(root, '.secretgate.toml')}: cannot read: `);
  });

  it('fails, naming the path, when the baseline does not exist', async () => {
    const root = workspace();
    const path = join(root, 'baseline.json');
    await expect(loadConfig({ root, baselinePath: path })).rejects.toThrow(`${path}: baseline not found.`);
  });
});
