// The runner's OIDC token service and GitHub's JWKS, in one small HTTP server: the job asks
// ACTIONS_ID_TOKEN_REQUEST_URL (&audience=…) with ACTIONS_ID_TOKEN_REQUEST_TOKEN and gets
// `{ value: <JWT> }`; the approval server fetches the keys from `${issuer}/.well-known/jwks`.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type JWK } from 'jose';
import { githubJobClaims, githubSubject, type JobClaims } from './oidc-claims.js';

export class OidcStandIn {
  readonly requests: { audience: string | null; authorized: boolean }[] = [];

  private constructor(
    private readonly server: Server,
    readonly issuer: string,
    readonly requestToken: string,
  ) {}

  /**
   * `repository`: the claim the tokens carry, as GitHub sets it for the job's repository; `claims`
   * any others (job_workflow_ref, repository_id …) over those of a push to main running ci.yml.
   */
  static async start(repository: () => string, claims: () => Omit<JobClaims, 'repository'> = () => ({})): Promise<OidcStandIn> {
    const { privateKey, publicKey } = await generateKeyPair('RS256');
    const jwk: JWK = { ...(await exportJWK(publicKey)), kid: 'standin-1', alg: 'RS256', use: 'sig' };
    const requestToken = `runner-request-token-${Date.now()}`;
    let standin: OidcStandIn | undefined;
    const server = createServer((req, res) => {
      const url = new URL(req.url ?? '/', standin!.issuer);
      if (url.pathname === '/.well-known/jwks') {
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: [jwk] }));
        return;
      }
      if (url.pathname === '/token') {
        const authorized = req.headers.authorization === `Bearer ${requestToken}`;
        const audience = url.searchParams.get('audience');
        standin!.requests.push({ audience, authorized });
        if (!authorized) {
          res.writeHead(401).end();
          return;
        }
        const all = githubJobClaims({ ...claims(), repository: repository() });
        void new SignJWT(all)
          .setProtectedHeader({ alg: 'RS256', kid: jwk.kid! })
          .setIssuer(standin!.issuer)
          .setAudience(audience ?? standin!.issuer)
          .setSubject(githubSubject(all))
          .setJti(crypto.randomUUID())
          .setIssuedAt()
          .setExpirationTime('5m')
          .sign(privateKey)
          .then((value) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ count: 1, value })));
        return;
      }
      res.writeHead(404).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    standin = new OidcStandIn(server, `http://127.0.0.1:${(server.address() as AddressInfo).port}`, requestToken);
    return standin;
  }

  /** The variables the runner sets when the job has `permissions: id-token: write`. */
  get runnerEnv(): Record<string, string> {
    return { ACTIONS_ID_TOKEN_REQUEST_URL: `${this.issuer}/token?api-version=2.0`, ACTIONS_ID_TOKEN_REQUEST_TOKEN: this.requestToken };
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
