// Inline markers that a person put on a line to say "this is not a secret".
import { testLine } from './line-test.js';

const MARKER = /secretgate:allow|gitleaks:allow|pragma:\s*allowlist\s+secret/i;

export function hasInlineAllow(line: string): boolean {
  return testLine(MARKER, line);
}
