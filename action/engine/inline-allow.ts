// Inline markers that a person put on a line to say "this is not a secret".
const MARKER = /secretgate:allow|gitleaks:allow|pragma:\s*allowlist\s+secret/i;

export function hasInlineAllow(line: string): boolean {
  return MARKER.test(line);
}
