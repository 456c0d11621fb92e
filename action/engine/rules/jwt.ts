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
];
