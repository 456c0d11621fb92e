// Every read of the step's inputs and of the runner's environment lives here, done once: they
// become one typed, validated settings object, so the rest of the Action never sees a raw
// string or process.env. Inputs are read from `env` as the runner passes them (INPUT_<NAME>).
import * as core from '@actions/core';
import { join, resolve } from 'node:path';
import { parseDuration } from './duration.js';
import { readRunnerContext, type RunnerContext } from './event.js';
import { FINGERPRINT_KEY_VARIABLE } from './fingerprint-key-env.js';

export interface Settings {
  /** Approval server base URL without a trailing slash; absent: report only. */
  serverUrl?: string;
  /** Bearer token for the server; absent: a GitHub OIDC token is requested instead. */
  apiToken?: string;
  /** Audience of the OIDC token the server verifies. */
  oidcAudience: string;
  timeoutSeconds: number;
  /** How long opening the review rides out a server that is down (SECRETGATE_OPEN_RETRY_SECONDS, default 120). */
  openRetrySeconds: number;
  /** Path of a .secretgate.toml or gitleaks TOML, relative to the workspace. */
  configPath?: string;
  /** Overrides of the range the event implies. */
  base?: string;
  head?: string;
  sarifFile: string;
  /** Pass when the server cannot be reached (after retries). Off: fail closed. */
  failOpen: boolean;
  /** Name of the git remote to fetch missing history from. */
  remote: string;
  /** The job can ask GitHub for an OIDC token (`permissions: id-token: write`). */
  oidcAvailable: boolean;
  /**
   * SECRETGATE_FINGERPRINT_KEY, masked: the master key a report-only run derives its
   * repository's fingerprint key from. A gate asks the server for its key instead.
   */
  fingerprintMasterKey?: string;
  runner: RunnerContext;
}

export function readSettings(env: NodeJS.ProcessEnv = process.env): Settings {
  const optional = (name: string) => optionalInput(env, name);
  const runner = readRunnerContext(env);
  const serverUrl = optional('server-url');
  const apiToken = optional('api-token');
  // Mask before anything else could print it.
  if (apiToken) core.setSecret(apiToken);
  const fingerprintMasterKey = env[FINGERPRINT_KEY_VARIABLE]?.trim() || undefined;
  if (fingerprintMasterKey) core.setSecret(fingerprintMasterKey);
  const sarif = optional('sarif-file');
  return {
    serverUrl: serverUrl === undefined ? undefined : validateServerUrl(serverUrl),
    apiToken,
    oidcAudience: optional('oidc-audience') ?? 'secretgate',
    timeoutSeconds: parseDuration(optional('timeout') ?? '30m', 'timeout'),
    openRetrySeconds: readSeconds(env, 'SECRETGATE_OPEN_RETRY_SECONDS', 120),
    configPath: optional('config'),
    base: validateRev(optional('base'), 'base'),
    head: validateRev(optional('head'), 'head'),
    sarifFile: sarif ? resolve(runner.workspace, sarif) : join(runner.runnerTemp, 'secretgate.sarif'),
    failOpen: readBoolean(optional('fail-open'), 'fail-open', false),
    remote: optional('remote') ?? 'origin',
    oidcAvailable: !!env.ACTIONS_ID_TOKEN_REQUEST_URL && !!env.ACTIONS_ID_TOKEN_REQUEST_TOKEN,
    ...(fingerprintMasterKey && { fingerprintMasterKey }),
    runner,
  };
}

/** An input as the runner passes it (core.getInput's rule: INPUT_ and the name upper-cased, spaces as _), trimmed; empty is absent. */
function optionalInput(env: NodeJS.ProcessEnv, name: string): string | undefined {
  const value = (env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] ?? '').trim();
  return value === '' ? undefined : value;
}

function readSeconds(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const value = env[name]?.trim();
  if (!value) return fallback;
  if (!/^\d{1,6}$/.test(value)) throw new Error(`Invalid ${name} '${value}'. Expected a whole number of seconds.`);
  return Number(value);
}

function readBoolean(value: string | undefined, name: string, fallback: boolean): boolean {
  if (value === undefined) return fallback;
  if (/^(true|yes|on)$/i.test(value)) return true;
  if (/^(false|no|off)$/i.test(value)) return false;
  throw new Error(`Invalid ${name} '${value}'. Expected true or false.`);
}

export function validateServerUrl(text: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    url = new URL('invalid:');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new Error(`Invalid server-url '${text}'. Expected a URL such as https://secretgate.example.com.`);
  }
  return url.href.replace(/\/+$/, '');
}

// A revision reaches git as an argument; refuse anything git could read as an option.
function validateRev(value: string | undefined, name: string): string | undefined {
  if (value === undefined) return undefined;
  if (value.startsWith('-') || /\s/.test(value)) {
    throw new Error(`Invalid ${name} '${value}'. Expected a commit SHA or a ref name.`);
  }
  return value;
}
