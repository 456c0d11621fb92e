// In the gate, the scan's own configuration comes from what was already reviewed and merged
// (the base of the range), never from the commits under review: a push that adds an allowlist
// for `.*` next to a token must not silence the scan that reviews it. What the push changes in
// those files is put up for review itself.
import { buildConfig, ConfigError, type Config, type ConfigSources } from './engine/config.js';
import { configEntries, diffEntries, type ConfigFileKind } from './engine/config-entries.js';
import { configDialect } from './config-file.js';
import type { GitRunner } from './git/runner.js';
import { fetchCommit, mergeBase, tryResolveCommit } from './history.js';
import type { ScanRange } from './range.js';

/** One config file whose content differs between the trusted commit and the head. */
export interface ConfigChange {
  file: string;
  /** Blob IDs at the trusted commit and at the head; absent where the file is absent. */
  trustedBlob?: string;
  headBlob?: string;
  added: string[];
  removed: string[];
}

export interface TrustedConfig {
  config: Config;
  /** The commit the configuration was read from; undefined: none known, built-in rules only. */
  trustedCommit?: string;
  changes: ConfigChange[];
}

export interface TrustedConfigRequest {
  /** The reviewed commit to read the configuration from (the range's base). */
  trusted?: string;
  head: string;
  /** The `config` input: one file instead of the default names, relative to the repository root. */
  configPath?: string;
}

interface ConfigFile {
  path: string;
  kind: ConfigFileKind;
  slot: keyof ConfigSources;
}

export async function loadTrustedConfig(git: GitRunner, request: TrustedConfigRequest): Promise<TrustedConfig> {
  const blobs = blobReader(git);
  const configPath = request.configPath?.replace(/^(\.\/)+/, '');
  if (configPath !== undefined && /[\n\r\0]/.test(configPath)) throw new ConfigError(JSON.stringify(configPath), 'a config path cannot hold a line break or NUL.');
  // Every file a load may need, at both commits, in one git call: a clean run pays for one spawn.
  const paths = configPath ? [configPath, '.gitleaksignore'] : ['.secretgate.toml', '.gitleaks.toml', '.gitleaksignore'];
  await blobs.prime([...(request.trusted ? [request.trusted] : []), request.head], paths);
  const files = await configFiles(blobs, request);
  const sources: ConfigSources = {};
  const changes: ConfigChange[] = [];
  for (const file of files) {
    const trustedBlob = request.trusted ? await blobs.at(request.trusted, file.path) : undefined;
    const headBlob = await blobs.at(request.head, file.path);
    const trustedText = trustedBlob ? await blobs.text(trustedBlob) : undefined;
    if (trustedText !== undefined) sources[file.slot] = { text: trustedText, source: `${file.path} (at ${request.trusted!.slice(0, 7)})` };
    if (trustedBlob === headBlob) continue;
    const headText = headBlob ? await blobs.text(headBlob) : undefined;
    const entries = (text: string | undefined) => (text === undefined ? [] : configEntries(text, file.path, file.kind));
    const { added, removed } = diffEntries(entries(trustedText), entries(headText));
    // A change of comments or layout alone changes nothing the scan does.
    if (added.length === 0 && removed.length === 0) continue;
    changes.push({ file: file.path, ...(trustedBlob && { trustedBlob }), ...(headBlob && { headBlob }), added, removed });
  }
  return { config: buildConfig(sources), ...(request.trusted && { trustedCommit: request.trusted }), changes };
}

async function configFiles(blobs: BlobReader, request: TrustedConfigRequest): Promise<ConfigFile[]> {
  const ignore: ConfigFile = { path: '.gitleaksignore', kind: 'ignore', slot: 'gitleaksIgnore' };
  if (!request.configPath) {
    return [
      { path: '.secretgate.toml', kind: 'secretgate', slot: 'secretgateToml' },
      { path: '.gitleaks.toml', kind: 'gitleaks', slot: 'gitleaksToml' },
      ignore,
    ];
  }
  const path = request.configPath.replace(/^(\.\/)+/, '');
  // The dialect is told from the trusted copy's content, as a local scan tells it from the file.
  const blob = (request.trusted && (await blobs.at(request.trusted, path))) || (await blobs.at(request.head, path));
  if (!blob) {
    const where = [request.trusted && `${request.trusted.slice(0, 7)} (the reviewed base)`, request.head.slice(0, 7)].filter(Boolean).join(' or ');
    throw new ConfigError(path, `config file not found in ${where}.`);
  }
  const kind = configDialect(path, await blobs.text(blob));
  return [{ path, kind, slot: kind === 'gitleaks' ? 'gitleaksToml' : 'secretgateToml' }, ignore];
}

/** One load's git lookups, each asked once (the `config` input's file is read for its dialect, then as config). */
interface BlobReader {
  /** Looks up every path at every commit in one `git cat-file --batch-check`. */
  prime(commits: string[], paths: string[]): Promise<void>;
  /** The blob ID of `path` in `commit`, or undefined where the commit has no such file. */
  at(commit: string, path: string): Promise<string | undefined>;
  text(blob: string): Promise<string>;
}

function blobReader(git: GitRunner): BlobReader {
  const ids = new Map<string, Promise<string | undefined>>();
  const texts = new Map<string, Promise<string>>();
  return {
    async prime(commits, paths) {
      const specs = commits.flatMap((c) => paths.map((p) => `${c}:${p}`)).filter((s) => !ids.has(s));
      if (specs.length === 0) return;
      const found = blobsAt(git, specs);
      for (const spec of specs) ids.set(spec, found.then((m) => m.get(spec)));
      await found;
    },
    at(commit, path) {
      const spec = `${commit}:${path}`;
      return memo(ids, spec, () => blobsAt(git, [spec]).then((m) => m.get(spec)));
    },
    text: (blob) => memo(texts, blob, () => readBlob(git, blob)),
  };
}

/**
 * The blob ID of each `commit:path` spec, one answer line per spec in order: `<id> blob`, or
 * `<spec> missing` (also a tree or a submodule there: not a config file, as if absent).
 */
async function blobsAt(git: GitRunner, specs: string[]): Promise<Map<string, string | undefined>> {
  const r = await git.run(['cat-file', '--batch-check=%(objectname) %(objecttype)'], { input: specs.map((s) => `${s}\n`).join('') });
  const lines = r.stdout.split('\n');
  const found = new Map<string, string | undefined>();
  specs.forEach((spec, i) => {
    const [id, type] = (lines[i] ?? '').split(' ');
    found.set(spec, type === 'blob' && id && /^[0-9a-f]{40,64}$/.test(id) ? id : undefined);
  });
  return found;
}

function memo<T>(cache: Map<string, Promise<T>>, key: string, get: () => Promise<T>): Promise<T> {
  let value = cache.get(key);
  if (value === undefined) cache.set(key, (value = get()));
  return value;
}

async function readBlob(git: GitRunner, blob: string): Promise<string> {
  return (await git.run(['cat-file', 'blob', blob])).stdout;
}

export interface TrustedCommitRequest {
  /** The ref the job runs for (GITHUB_REF, or the push's ref). */
  ref: string;
  /** The repository's default branch, from the event payload. */
  defaultBranch?: string;
  remote: string;
}

/**
 * The reviewed commit whose configuration governs a scan of `range`. Only the default branch
 * counts as reviewed: a push to it is read against its previous tip (the range's base); any
 * other push, pull request or audit against the point where it left the default branch. A
 * feature branch's own earlier push is never trusted: its config change may still be awaiting
 * review, or have been blocked. Undefined where neither can be had: built-in rules only.
 */
export async function trustedCommitOf(git: GitRunner, range: ScanRange, request: TrustedCommitRequest): Promise<string | undefined> {
  const { defaultBranch, ref, remote } = request;
  if (!defaultBranch) return range.base;
  if (ref === `refs/heads/${defaultBranch}`) return range.base;
  const tip =
    (await tryResolveCommit(git, `refs/remotes/${remote}/${defaultBranch}`)) ??
    (await fetchCommit(git, `refs/heads/${defaultBranch}`, remote)).sha;
  return tip && range.head ? mergeBase(git, tip, range.head) : undefined;
}
