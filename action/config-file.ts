// Finds and reads the config files a repository may carry; the engine parses them.
import { readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { buildConfig, ConfigError, type Config, type ConfigSources } from './engine/config.js';

export interface LoadConfigOptions {
  /** Repository or scan root, where `.secretgate.toml`, `.gitleaks.toml` and `.gitleaksignore` are looked for. */
  root: string;
  /** An explicit config file (secretgate or gitleaks format, told apart by its name or content). */
  configPath?: string;
  /** A previous JSON report whose findings are not reported again. */
  baselinePath?: string;
}

export async function loadConfig(options: LoadConfigOptions): Promise<Config> {
  const sources: ConfigSources = {};
  if (options.configPath) {
    const text = await readRequired(options.configPath, 'config file');
    const dialect = configDialect(options.configPath, text);
    sources[dialect === 'gitleaks' ? 'gitleaksToml' : 'secretgateToml'] = { text, source: options.configPath };
  } else {
    const own = await readOptional(join(options.root, '.secretgate.toml'));
    if (own !== undefined) sources.secretgateToml = { text: own, source: '.secretgate.toml' };
    const gitleaks = await readOptional(join(options.root, '.gitleaks.toml'));
    if (gitleaks !== undefined) sources.gitleaksToml = { text: gitleaks, source: '.gitleaks.toml' };
  }
  const ignore = await readOptional(join(options.root, '.gitleaksignore'));
  if (ignore !== undefined) sources.gitleaksIgnore = { text: ignore, source: '.gitleaksignore' };
  if (options.baselinePath) sources.baseline = { text: await readRequired(options.baselinePath, 'baseline'), source: options.baselinePath };
  return buildConfig(sources);
}

/**
 * The dialect of an explicit config file. Its own name decides first (not the directories above
 * it: a checkout of `gitleaks-fork` is no gitleaks config); then a key only one dialect has;
 * then the shape of a gitleaks config (a title and rules). In doubt, secretgate: it only adds
 * rules, whereas a gitleaks file with rules replaces the built-in ones.
 */
export function configDialect(path: string, text: string): 'secretgate' | 'gitleaks' {
  const name = basename(path);
  if (/secretgate/i.test(name)) return 'secretgate';
  if (/gitleaks/i.test(name)) return 'gitleaks';
  if (/^\s*\[scan\]/m.test(text)) return 'secretgate';
  if (/^\s*minVersion\s*=/m.test(text)) return 'gitleaks';
  return /^\s*\[\[rules\]\]/m.test(text) && /^\s*title\s*=/m.test(text) ? 'gitleaks' : 'secretgate';
}

async function readOptional(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new ConfigError(path, `cannot read: ${(e as Error).message}`);
  }
}

async function readRequired(path: string, what: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new ConfigError(path, code === 'ENOENT' ? `${what} not found.` : `cannot read ${what}: ${(e as Error).message}`);
  }
}
