// Headers every dashboard response carries, and the same-origin check every dashboard POST
// must pass before its CSRF token is even looked at.
import { randomBytes } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';

declare module 'hono' {
  interface ContextVariableMap {
    /** The CSP nonce of this response: the only scripts that run carry it. */
    cspNonce: string;
  }
}

export interface SecurityHeadersOptions {
  /** Adds Strict-Transport-Security (the public URL is https). */
  https: boolean;
}

export function contentSecurityPolicy(nonce: string): string {
  return [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
    "style-src 'self'",
    "img-src 'self'",
    "connect-src 'none'",
    "form-action 'self'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

export function securityHeaders(options: SecurityHeadersOptions): MiddlewareHandler {
  return async function securityHeaders(c, next) {
    // Bound once per path pattern; a request two patterns match is handled once.
    if (c.get('cspNonce')) return next();
    const nonce = randomBytes(16).toString('base64');
    c.set('cspNonce', nonce);
    await next();
    const h = c.res.headers;
    h.set('Content-Security-Policy', contentSecurityPolicy(nonce));
    h.set('X-Frame-Options', 'DENY');
    h.set('X-Content-Type-Options', 'nosniff');
    // Never send review URLs to GitHub or Slack. (Not no-referrer: browsers then send
    // `Origin: null` with the page's own form posts, and the same-origin check needs the origin.)
    h.set('Referrer-Policy', 'same-origin');
    h.set('Cross-Origin-Opener-Policy', 'same-origin');
    h.set('Cross-Origin-Resource-Policy', 'same-origin');
    h.set('Permissions-Policy', 'camera=(), microphone=(), geolocation=(), payment=()');
    if (!h.has('Cache-Control')) h.set('Cache-Control', 'no-store');
    if (options.https) h.set('Strict-Transport-Security', 'max-age=31536000');
  };
}

/**
 * True when a state-changing request comes from a page of this server: its Origin is the
 * origin it was sent to (or the configured public URL's, behind a proxy). Without an Origin
 * header, the browser's Sec-Fetch-Site must say same-origin; a request with neither is refused.
 */
export function isSameOriginRequest(req: Request, publicUrl: string): boolean {
  const origin = req.headers.get('origin');
  if (origin !== null) {
    return origin === new URL(req.url).origin || origin === new URL(publicUrl).origin;
  }
  return req.headers.get('sec-fetch-site') === 'same-origin';
}
