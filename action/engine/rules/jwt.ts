import type { Rule } from '../types.js';

function decodePart(part: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * A real token decodes to a header with a signing algorithm and a claims object. Supabase
 * `anon` keys are public by design (they ship in browsers), so they are not findings.
 */
export function isCredentialJwt(token: string): boolean {
  const [header, payload] = token.split('.');
  const h = decodePart(header ?? '');
  const p = decodePart(payload ?? '');
  if (!h || !p || typeof h.alg !== 'string' || h.alg.toLowerCase() === 'none') return false;
  return p.role !== 'anon';
}

/** A base64-wrapped token (Kubernetes Secret data, some CI variables): decode, then judge it as a JWT. */
function isCredentialJwtInBase64(value: string): boolean {
  const token = Buffer.from(value, 'base64').toString('latin1').trim();
  return /^eyJ[A-Za-z0-9_-]+\.eyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{20,}$/.test(token) && isCredentialJwt(token);
}

export const jwtRules: Rule[] = [
  {
    id: 'jwt',
    description: 'JSON Web Token (signed)',
    severity: 'medium',
    provider: 'jwt',
    keywords: ['eyj'],
    // Header and payload are base64url JSON objects, so both start `eyJ`; unsigned tokens
    // (empty signature) grant nothing and are left out.
    regex: /\b(eyJ[A-Za-z0-9_-]{12,2000}\.eyJ[A-Za-z0-9_-]{12,8000}\.[A-Za-z0-9_-]{22,2000})(?![A-Za-z0-9_-])/,
    entropy: 4,
    verify: isCredentialJwt,
    // jwt.io's well-known example token.
    allowlist: [/SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c$/],
    truePositives: [
      'Authorization: Bearer eyJhbGciOiJSUzI1NiIsImtpZCI6IjNmNGE5YyJ9.eyJzdWIiOiJzdmMtZGVwbG95IiwiYXVkIjoiYXBpIiwiZXhwIjoyMDAwMDAwMDAwfQ.kR7vQ2mZx9Lp4Tw8Nc3Hs6Df1Jy5Ua0Ge7Qb2Wn4Xc9Vm3Lk8Rt1Yp6Zs',
      'SUPABASE_SERVICE_ROLE_KEY=eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJyb2xlIjoic2VydmljZV9yb2xlIiwiaWF0IjoxNzAwMDAwMDAwfQ.Qm8xV3kZ2pL7tR4wN9cH6sD1fJ5yU0gE3bA8nT2vX7M',
    ],
    falsePositives: [
      'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c',
      'token = "eyJhbGciOiJub25lIn0.eyJzdWIiOiJ0ZXN0In0."',
      'const prefix = "eyJhbGciOi";',
      // Supabase anon key: role "anon", public by design.
      'SUPABASE_ANON_KEY=eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJpc3MiOiJzdXBhYmFzZSIsInJvbGUiOiJhbm9uIiwiaWF0IjoxNzAwMDAwMDAwfQ.Qm8xV3kZ2pL7tR4wN9cH6sD1fJ5yU0gE3bA8nT2vX7M',
      // Decodes to no JSON at all.
      'blob = "eyJhbGciOiJIUzI1NiJ9garbage.eyJzdWIiOiJ4In0brokenpart.Qm8xV3kZ2pL7tR4wN9cH6sD1fJ5yU0gE"',
    ],
  },
  {
    // `ZXlK` is base64 of `eyJ`: a JWT stored base64-encoded once more.
    id: 'jwt-base64',
    description: 'JSON Web Token, base64-encoded',
    severity: 'high',
    provider: 'jwt',
    keywords: ['zxlk'],
    regex: /(?<![A-Za-z0-9+/])(ZXlK[A-Za-z0-9+/]{60,8000}={0,2})(?![A-Za-z0-9+/=])/,
    entropy: 3.5,
    verify: isCredentialJwtInBase64,
    truePositives: [
      '  token: ZXlKaGJHY2lPaUpJVXpJMU5pSXNJblI1Y0NJNklrcFhWQ0o5LmV5SnpkV0lpT2lKemRtTXRZbWxzYkdsdVp5SXNJbUYxWkNJNkltRndhU0lzSW1saGRDSTZNVGN4T0RBd01EQXdNSDAuY3dEYmpUTFFGeHNsZk9BTGFkSXNZVEx5MnVRQlZrdTVHYU1nQV9tZnRoSQ==',
      'DEPLOY_JWT_B64="ZXlKaGJHY2lPaUpTVXpJMU5pSXNJbXRwWkNJNkltczNJbjAuZXlKemRXSWlPaUprWlhCc2Iza3RZbTkwSWl3aWMyTnZjR1VpT2lKM2NtbDBaU0lzSW1WNGNDSTZNakF3TURBd01EQXdNSDAuWlk4aWJmMnNtd0o0dHVJR2czNk41dmE4Rk11SFFkbmhtV3o3cVFjYU1DZ0M0SnZSNkJ2UjZCZlI3NzNicWhmZGpOelNCb0hXZ3lybHVtVVVtM0IwVG8="',
    ],
    falsePositives: [
      // Supabase anon key, base64-wrapped: public by design.
      '  anon: ZXlKaGJHY2lPaUpJVXpJMU5pSXNJblI1Y0NJNklrcFhWQ0o5LmV5SnBjM01pT2lKemRYQmhZbUZ6WlNJc0luSnZiR1VpT2lKaGJtOXVJbjAuMHM1MXdpTWthbkxaYzdDUUNNWGNIcC03Vl9Ua0V5N3d3MEFQZWZ4QzROcw==',
      // alg "none": unsigned, no credential.
      'token: ZXlKaGJHY2lPaUp1YjI1bEluMC5leUp6ZFdJaU9pSjBaWE4wSW4wLg==',
      // Decodes to prose that merely starts like a header.
      'note: ZXlKaGJHY2lPaUpJVXpJMU5pSjkgaXMgdGhlIHN0YXJ0IG9mIGEgaGVhZGVyLCBub3QgYSB0b2tlbiBhdCBhbGwsIGp1c3QgcHJvc2UgaGVyZQ==',
    ],
  },
];
