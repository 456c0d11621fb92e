// A local stand-in for GitHub's OIDC issuer: serves a JWKS over HTTP and mints RS256 ID tokens
// shaped like the ones a GitHub Actions job gets, so the server's jose verification runs for real.
//
//   const issuer = await OidcIssuer.start();
//   env.SECRETGATE_OIDC_ISSUER = issuer.issuer; env.SECRETGATE_OIDC_JWKS_URL = issuer.jwksUrl;
//   const jwt = await issuer.token({ repository: 'acme/api' }, { audience: 'secretgate' });
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type JWK, type CryptoKey } from 'jose';
import { githubJobClaims, githubSubject, type JobClaims } from './oidc-claims.js';

export class OidcIssuer {
  private constructor(
    private readonly server: Server,
    readonly issuer: string,
    private readonly privateKey: CryptoKey,
  ) {}

  static async start(): Promise<OidcIssuer> {
    const { publicKey, privateKey } = await generateKeyPair('RS256', { extractable: true });
    const jwk: JWK = { ...(await exportJWK(publicKey)), kid: 'test-key-1', alg: 'RS256', use: 'sig' };
    const server = createServer((req, res) => {
      if (req.url === '/.well-known/jwks') {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ keys: [jwk] }));
      } else {
        res.writeHead(404);
        res.end();
      }
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    return new OidcIssuer(server, issuer, privateKey);
  }

  get jwksUrl(): string {
    return `${this.issuer}/.well-known/jwks`;
  }

  /** Mints a token; claims default to a push on main of `repository` running its own ci.yml. */
  async token(claims: JobClaims, options: { audience: string; issuer?: string; expiresIn?: string; key?: CryptoKey }): Promise<string> {
    const all = githubJobClaims(claims);
    return new SignJWT(all)
      .setProtectedHeader({ alg: 'RS256', kid: 'test-key-1' })
      .setIssuer(options.issuer ?? this.issuer)
      .setAudience(options.audience)
      .setSubject(githubSubject(all))
      .setJti(crypto.randomUUID())
      .setIssuedAt()
      .setExpirationTime(options.expiresIn ?? '5m')
      .sign(options.key ?? this.privateKey);
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((r) => this.server.close(() => r()));
  }
}
