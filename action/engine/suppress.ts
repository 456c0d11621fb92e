import type { Config } from './config.js';
import type { Finding } from './types.js';

/** Ignore files, baselines and allowed commits: decisions already made about a finding. */
export function isSuppressed(f: Finding, config: Config): boolean {
  if (f.commit && config.allowCommits.has(f.commit)) return true;
  if (config.ignore.has(f.fingerprint) || config.baseline.has(f.fingerprint)) return true;
  const withoutCommit = `${f.file}:${f.ruleId}:${f.line}`;
  return (
    config.ignore.has(f.gitleaksFingerprint) ||
    config.ignore.has(withoutCommit) ||
    config.baseline.has(f.gitleaksFingerprint)
  );
}
