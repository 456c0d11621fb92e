// Dashboard sessions without server-side storage: a cookie value `v1.<id>.<expiresAtMs>.<mac>`
// whose HMAC-SHA256 is keyed by a key derived from SECRETGATE_DASHBOARD_TOKEN (changing the token
// signs everyone out). CSRF tokens are HMACs of the session ID, so they are tied to the session.
// Sign-out revokes the ID in memory until it would have expired anyway. Every comparison of a
// presented value is constant-time.
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export interface Session {
  /** Random, 128 bits, base64url. */
  id: string;
  expiresAtMs: number;
}

export interface DashboardSessionsOptions {
  token: string;
  /** How long a session lasts. */
  ttlMs: number;
  now: () => number;
}

/** How long the sign-in form's anti-CSRF nonce stays valid. */
export const SIGN_IN_NONCE_TTL_MS = 15 * 60 * 1000;

/** Constant-time equality of two strings of any lengths (both are hashed first). */
export function equalsConstantTime(a: string, b: string): boolean {
  const da = createHash('sha256').update(a, 'utf8').digest();
  const db = createHash('sha256').update(b, 'utf8').digest();
  return timingSafeEqual(da, db);
}

const b64u = (b: Buffer) => b.toString('base64url');

export class DashboardSessions {
  private readonly key: Buffer;
  private readonly tokenDigest: Buffer;
  private readonly revoked = new Map<string, number>();

  constructor(private readonly options: DashboardSessionsOptions) {
    this.key = createHmac('sha256', options.token).update('secretgate dashboard session key v1').digest();
    this.tokenDigest = createHash('sha256').update(options.token, 'utf8').digest();
  }

  /** True when `presented` is the dashboard token; constant-time whatever its length. */
  isDashboardToken(presented: string): boolean {
    return timingSafeEqual(createHash('sha256').update(presented, 'utf8').digest(), this.tokenDigest);
  }

  /** A new session and the cookie value that carries it. */
  issue(): { session: Session; cookie: string } {
    const session = { id: b64u(randomBytes(16)), expiresAtMs: this.options.now() + this.options.ttlMs };
    return { session, cookie: this.seal('session', session.id, session.expiresAtMs) };
  }

  /** The session a cookie value carries, or null if it is missing, forged, expired or revoked. */
  read(cookie: string | undefined): Session | null {
    const opened = this.open('session', cookie);
    if (!opened || this.revoked.has(opened.id)) return null;
    return { id: opened.id, expiresAtMs: opened.expiresAtMs };
  }

  /** Sign-out: the session is refused from now on, even if its cookie is replayed. */
  revoke(session: Session): void {
    const now = this.options.now();
    for (const [id, exp] of this.revoked) if (exp <= now) this.revoked.delete(id);
    this.revoked.set(session.id, session.expiresAtMs);
  }

  csrfToken(session: Session): string {
    return b64u(this.mac(`csrf\n${session.id}`));
  }

  isValidCsrfToken(session: Session, presented: string | undefined): boolean {
    return typeof presented === 'string' && equalsConstantTime(presented, this.csrfToken(session));
  }

  /** A signed, short-lived nonce for the sign-in form; set as a cookie and sent in the form. */
  signInNonce(): string {
    return this.seal('sign-in', b64u(randomBytes(16)), this.options.now() + SIGN_IN_NONCE_TTL_MS);
  }

  /** The form's nonce equals the cookie's, and it is one this server signed and still valid. */
  isValidSignInNonce(cookie: string | undefined, form: string | undefined): boolean {
    if (typeof cookie !== 'string' || typeof form !== 'string') return false;
    return equalsConstantTime(cookie, form) && this.open('sign-in', cookie) !== null;
  }

  /** A stable, non-secret name for a session in the audit log. */
  static auditName(session: Session): string {
    return `dashboard:${createHash('sha256').update(session.id).digest('hex').slice(0, 12)}`;
  }

  private mac(text: string): Buffer {
    return createHmac('sha256', this.key).update(text).digest();
  }

  private seal(purpose: string, id: string, expiresAtMs: number): string {
    const body = `v1.${id}.${expiresAtMs}`;
    return `${body}.${b64u(this.mac(`${purpose}\n${body}`))}`;
  }

  private open(purpose: string, value: string | undefined): { id: string; expiresAtMs: number } | null {
    if (typeof value !== 'string' || value.length > 200) return null;
    const m = /^v1\.([\w-]{16,64})\.(\d{1,16})\.([\w-]+)$/.exec(value);
    if (!m) return null;
    const [, id, exp, mac] = m as unknown as [string, string, string, string];
    const expected = this.mac(`${purpose}\nv1.${id}.${exp}`);
    const given = Buffer.from(mac, 'base64url');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
    const expiresAtMs = Number(exp);
    if (!(expiresAtMs > this.options.now())) return null;
    return { id, expiresAtMs };
  }
}
