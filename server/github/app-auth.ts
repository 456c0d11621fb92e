// Credentials for GitHub calls about one repository: a fixed token, or a GitHub App's
// installation token (the installation looked up per repository, the token cached until shortly
// before it expires). The App JWT is signed here with jose; no other secret leaves this file.
import type { KeyObject } from 'node:crypto';
import type { Octokit } from '@octokit/core';
import { SignJWT } from 'jose';
import type { GitHubAuthConfig } from '../config/github.js';

/** The App is not installed on the repository (or the installation cannot see it). */
export class NotInstalledError extends Error {
  constructor(readonly repository: string) {
    super(`the secretgate GitHub App is not installed on ${repository} (or has no access to it)`);
    this.name = 'NotInstalledError';
  }
}

export interface GitHubCredentials {
  /** The value of the Authorization header for calls about `repository` (`owner/name`). */
  authorizationFor(repository: string): Promise<string>;
  /** GitHub refused the credential (401): forget what is cached for this repository. */
  invalidate(repository: string): void;
}

export function createCredentials(auth: GitHubAuthConfig, octokit: Octokit, now: () => number = Date.now): GitHubCredentials {
  if (auth.kind === 'token') {
    const header = `token ${auth.token}`;
    return { authorizationFor: async () => header, invalidate: () => {} };
  }
  return new AppCredentials(auth.appId, auth.privateKey, octokit, now);
}

/** Refresh an installation token this long before GitHub says it expires. */
const TOKEN_REFRESH_MARGIN_MS = 5 * 60_000;
/** How long a repository → installation mapping is trusted. */
const INSTALLATION_CACHE_MS = 60 * 60_000;

interface CachedToken {
  token: string;
  expiresAtMs: number;
}

export class AppCredentials implements GitHubCredentials {
  private readonly installations = new Map<string, { id: number; untilMs: number }>();
  private readonly tokens = new Map<number, CachedToken>();
  /** One token request per installation at a time. */
  private readonly inFlight = new Map<number, Promise<CachedToken>>();

  constructor(
    private readonly appId: string,
    private readonly privateKey: KeyObject,
    private readonly octokit: Octokit,
    private readonly now: () => number,
  ) {}

  /** The App's own JWT (RS256, `iss` = App ID), valid for ten minutes with a minute of skew allowed. */
  async appJwt(): Promise<string> {
    const iat = Math.floor(this.now() / 1000) - 60;
    return new SignJWT({})
      .setProtectedHeader({ alg: 'RS256', typ: 'JWT' })
      .setIssuer(this.appId)
      .setIssuedAt(iat)
      .setExpirationTime(iat + 9 * 60)
      .sign(this.privateKey);
  }

  async authorizationFor(repository: string): Promise<string> {
    const installationId = await this.installationOf(repository);
    const cached = this.tokens.get(installationId);
    if (cached && cached.expiresAtMs - TOKEN_REFRESH_MARGIN_MS > this.now()) return `token ${cached.token}`;
    let pending = this.inFlight.get(installationId);
    if (!pending) {
      pending = this.fetchToken(installationId).finally(() => this.inFlight.delete(installationId));
      this.inFlight.set(installationId, pending);
    }
    try {
      return `token ${(await pending).token}`;
    } catch (err) {
      // The installation was removed since we looked it up: forget it, and say so.
      if ((err as { status?: number }).status !== 404) throw err;
      this.invalidate(repository);
      throw new NotInstalledError(repository);
    }
  }

  invalidate(repository: string): void {
    const key = repository.toLowerCase();
    const installation = this.installations.get(key);
    this.installations.delete(key);
    if (installation) this.tokens.delete(installation.id);
  }

  private async installationOf(repository: string): Promise<number> {
    const key = repository.toLowerCase();
    const known = this.installations.get(key);
    if (known && known.untilMs > this.now()) return known.id;
    const [owner, repo] = repository.split('/') as [string, string];
    try {
      const r = await this.octokit.request('GET /repos/{owner}/{repo}/installation', {
        owner,
        repo,
        headers: { authorization: `Bearer ${await this.appJwt()}` },
      });
      this.installations.set(key, { id: r.data.id, untilMs: this.now() + INSTALLATION_CACHE_MS });
      return r.data.id;
    } catch (err) {
      if ((err as { status?: number }).status === 404) throw new NotInstalledError(repository);
      throw err;
    }
  }

  private async fetchToken(installationId: number): Promise<CachedToken> {
    const r = await this.octokit.request('POST /app/installations/{installation_id}/access_tokens', {
      installation_id: installationId,
      headers: { authorization: `Bearer ${await this.appJwt()}` },
    });
    const expiresAtMs = Date.parse(r.data.expires_at);
    const token = { token: r.data.token, expiresAtMs: Number.isFinite(expiresAtMs) ? expiresAtMs : this.now() + 10 * 60_000 };
    this.tokens.set(installationId, token);
    return token;
  }
}
