// A GitHub REST stand-in: a real HTTP server under a GHES-style base path (`/api/v3`) that
// answers the three calls secretgate makes — find a repository's App installation, create an
// installation token (both authenticated by the App's JWT, verified with the App's public key),
// and create a commit status (authenticated by an installation token it issued, or a configured
// token). It records every call and every status it accepted, and can fail status calls with a
// 5xx (or 429) for a number of calls or for a while.
//
//   const key = writeAppKey(dir);
//   const gh = await GitHubStandIn.start({ appId: '4242', publicKey: key.publicKey, installations: { 'acme/api': 7 } });
//   env.GITHUB_API_URL = gh.apiUrl; env.GITHUB_APP_ID = '4242'; env.GITHUB_APP_PRIVATE_KEY_FILE = key.file;
//   gh.fail({ status: 500, count: 3 });
//   await gh.waitFor(() => gh.statusesOf('acme/api', sha).length === 2, 10_000, 'two statuses');
import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { jwtVerify } from 'jose';

const BASE_PATH = '/api/v3';

export interface AppKey {
  /** A PKCS#1 PEM file, as GitHub hands out App private keys. */
  file: string;
  publicKey: KeyObject;
}

/** Writes a fresh RSA App private key into `dir` and returns its path and public key. */
export function writeAppKey(dir: string, name = 'app-key.pem'): AppKey {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const file = join(dir, name);
  writeFileSync(file, privateKey.export({ type: 'pkcs1', format: 'pem' }), { mode: 0o600 });
  return { file, publicKey };
}

export interface GitHubCall {
  method: string;
  /** Path without the base path, e.g. `/repos/acme/api/statuses/abc…`. */
  path: string;
  /** What authenticated the call: `app-jwt`, `installation:<id>`, `token`, or `invalid`/`none`. */
  auth: string;
  status: number;
  at: number;
}

export interface AcceptedStatus {
  repository: string;
  sha: string;
  state: string;
  description: string;
  targetUrl: string | null;
  context: string;
  /** Which credential set it. */
  auth: string;
  at: number;
}

export interface GitHubFault {
  status: 500 | 502 | 503 | 429;
  retryAfterSeconds?: number;
  /** Fail this many status calls (default: unlimited while `forMs` lasts). */
  count?: number;
  /** Fail for this long, counted from the first call the fault answers. */
  forMs?: number;
  /** Only status calls setting one of these states fail (default: all). */
  states?: string[];
}

export interface GitHubStandInOptions {
  /** The App: its ID (the JWT's `iss`) and public key. */
  appId?: string;
  publicKey?: KeyObject;
  /** `owner/name` → installation ID; repositories not listed have no installation (404). */
  installations?: Record<string, number>;
  /** A plain token accepted for status calls on any repository. */
  token?: string;
  /** Lifetime of issued installation tokens (default: one hour, as GitHub's). */
  tokenLifetimeMs?: number;
}

interface ActiveFault extends GitHubFault {
  until: number | undefined;
  remaining: number;
}

export class GitHubStandIn {
  readonly calls: GitHubCall[] = [];
  readonly statuses: AcceptedStatus[] = [];
  /** Installation tokens issued: token → installation ID. */
  readonly issuedTokens = new Map<string, number>();
  private faults: ActiveFault[] = [];
  private tokenCounter = 0;

  private constructor(
    private readonly server: Server,
    readonly port: number,
    private readonly options: GitHubStandInOptions,
  ) {}

  static async start(options: GitHubStandInOptions = {}): Promise<GitHubStandIn> {
    let standin: GitHubStandIn | undefined;
    const server = createServer((req, res) => {
      standin!.handle(req, res).catch((err: unknown) => {
        res.statusCode = 500;
        res.end(JSON.stringify({ message: String(err) }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    standin = new GitHubStandIn(server, (server.address() as AddressInfo).port, options);
    return standin;
  }

  /** For GITHUB_API_URL: GHES-style, with a base path. */
  get apiUrl(): string {
    return `http://127.0.0.1:${this.port}${BASE_PATH}`;
  }

  fail(fault: GitHubFault): void {
    this.faults.push({ ...fault, until: fault.forMs === undefined ? Infinity : undefined, remaining: fault.count ?? Infinity });
  }

  /** Installs the App on a repository (or moves it to another installation); `null` uninstalls it. */
  setInstallation(repository: string, installationId: number | null): void {
    const installations = { ...(this.options.installations ?? {}) };
    for (const r of Object.keys(installations)) if (r.toLowerCase() === repository.toLowerCase()) delete installations[r];
    if (installationId !== null) installations[repository] = installationId;
    this.options.installations = installations;
  }

  clearFaults(): void {
    this.faults = [];
  }

  statusesOf(repository: string, sha: string): AcceptedStatus[] {
    return this.statuses.filter((s) => s.repository.toLowerCase() === repository.toLowerCase() && s.sha === sha);
  }

  async waitFor(predicate: () => boolean, timeoutMs: number, what: string): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!predicate()) {
      if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const url = new URL(req.url ?? '/', 'http://localhost');
    const method = req.method ?? 'GET';
    const call: GitHubCall = { method, path: url.pathname.slice(BASE_PATH.length), auth: 'none', status: 0, at: Date.now() };
    this.calls.push(call);
    const answer = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      call.status = status;
      res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
      res.end(JSON.stringify(body));
    };
    if (!url.pathname.startsWith(BASE_PATH + '/')) return answer(404, { message: 'Not Found (outside the API base path)' });
    const path = call.path;
    const authorization = req.headers['authorization'] ?? '';

    let m: RegExpExecArray | null;
    if (method === 'GET' && (m = /^\/repos\/([^/]+)\/([^/]+)\/installation$/.exec(path))) {
      call.auth = (await this.verifyAppJwt(authorization)) ? 'app-jwt' : 'invalid';
      if (call.auth !== 'app-jwt') return answer(401, { message: 'A JSON web token could not be decoded' });
      const id = this.installationOf(`${m[1]}/${m[2]}`);
      if (id === undefined) return answer(404, { message: 'Not Found' });
      return answer(200, { id, account: { login: m[1] }, app_id: Number(this.options.appId) });
    }
    if (method === 'POST' && (m = /^\/app\/installations\/(\d+)\/access_tokens$/.exec(path))) {
      call.auth = (await this.verifyAppJwt(authorization)) ? 'app-jwt' : 'invalid';
      if (call.auth !== 'app-jwt') return answer(401, { message: 'A JSON web token could not be decoded' });
      const id = Number(m[1]);
      if (!Object.values(this.options.installations ?? {}).includes(id)) return answer(404, { message: 'Not Found' });
      const token = `ghs_standin${String(++this.tokenCounter).padStart(4, '0')}${id}`;
      this.issuedTokens.set(token, id);
      const expiresAt = new Date(Date.now() + (this.options.tokenLifetimeMs ?? 3600_000)).toISOString().replace(/\.\d{3}Z$/, 'Z');
      return answer(201, { token, expires_at: expiresAt, permissions: { statuses: 'write' } });
    }
    if (method === 'POST' && (m = /^\/repos\/([^/]+)\/([^/]+)\/statuses\/([0-9a-f]{40,64})$/.exec(path))) {
      const repository = `${m[1]}/${m[2]}`;
      call.auth = this.tokenAuth(authorization, repository);
      if (call.auth === 'invalid' || call.auth === 'none') return answer(401, { message: 'Bad credentials' });
      let body: Record<string, unknown>;
      try {
        body = JSON.parse(raw) as Record<string, unknown>;
      } catch {
        return answer(400, { message: 'Problems parsing JSON' });
      }
      const state = String(body['state']);
      const fault = this.activeFault(state);
      if (fault) {
        return answer(fault.status, { message: fault.status === 429 ? 'rate limited' : 'Server Error' }, fault.retryAfterSeconds ? { 'retry-after': String(fault.retryAfterSeconds) } : {});
      }
      if (!['pending', 'success', 'failure', 'error'].includes(state)) return answer(422, { message: 'Validation Failed' });
      const description = typeof body['description'] === 'string' ? body['description'] : '';
      if (description.length > 140) return answer(422, { message: 'description is too long (maximum is 140 characters)' });
      const status: AcceptedStatus = {
        repository,
        sha: m[3]!,
        state,
        description,
        targetUrl: typeof body['target_url'] === 'string' ? body['target_url'] : null,
        context: typeof body['context'] === 'string' ? body['context'] : 'default',
        auth: call.auth,
        at: Date.now(),
      };
      this.statuses.push(status);
      return answer(201, { id: this.statuses.length, state, description, context: status.context, target_url: status.targetUrl });
    }
    return answer(404, { message: 'Not Found' });
  }

  private installationOf(repository: string): number | undefined {
    const entry = Object.entries(this.options.installations ?? {}).find(([r]) => r.toLowerCase() === repository.toLowerCase());
    return entry?.[1];
  }

  /** An App JWT: RS256, signed by the App's key, `iss` = App ID, lifetime at most ten minutes. */
  private async verifyAppJwt(authorization: string): Promise<boolean> {
    const m = /^Bearer (\S+)$/.exec(authorization);
    if (!m || !this.options.publicKey || !this.options.appId) return false;
    try {
      const { payload } = await jwtVerify(m[1]!, this.options.publicKey, { algorithms: ['RS256'], issuer: this.options.appId });
      return typeof payload.iat === 'number' && typeof payload.exp === 'number' && payload.exp - payload.iat <= 600;
    } catch {
      return false;
    }
  }

  private tokenAuth(authorization: string, repository: string): string {
    const m = /^(?:token|Bearer) (\S+)$/.exec(authorization);
    if (!m) return 'none';
    if (this.options.token && m[1] === this.options.token) return 'token';
    const installation = this.issuedTokens.get(m[1]!);
    if (installation !== undefined && this.installationOf(repository) === installation) return `installation:${installation}`;
    return 'invalid';
  }

  private activeFault(state: string): ActiveFault | undefined {
    const now = Date.now();
    while (this.faults.length) {
      const f = this.faults[0]!;
      if (f.states && !f.states.includes(state)) return undefined;
      if (f.until === undefined) f.until = now + (f.forMs ?? 0);
      if (f.remaining > 0 && now < f.until) {
        f.remaining--;
        return f;
      }
      this.faults.shift();
    }
    return undefined;
  }
}
