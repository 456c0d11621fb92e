// Finds and reads the config files a repository may carry; the engine parses them.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
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
    const isGitleaks = /gitleaks/i.test(options.configPath) || (/^\s*\[\[rules\]\]/m.test(text) && !/^\s*\[scan\]/m.test(text) && /^\s*title\s*=/m.test(text));
    sources[isGitleaks ? 'gitleaksToml' : 'secretgateToml'] = { text, source: options.configPath };
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
