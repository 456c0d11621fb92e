// Values that look like credentials but are documentation, templates or stand-ins.
// Applied to every rule's secret unless the rule opts out.
import { countAt, countChars } from './char-counts.js';
import { isPublishedExample } from './published-examples.js';

const PLACEHOLDER_WORDS =
  /example|\*{3,}|placeholder|changeme|change_me|replace_?me|dummy|redacted|your[_-]|yourtoken|yourkey|yoursecret|insert[_-]?your|fake[_-]?(?:key|token|secret)|not[_-]?a[_-]?(?:real|secret)|sample[_-]?(?:key|token|secret)|not[_-]?set|fill[_-]?me[_-]?in|123456|abc123|abcdef|\.\.\.|…/i;

// Template and environment lookups: the value is a reference, not a secret.
const REFERENCE =
  /^\$[A-Za-z_{(]|^env:|^@@.*@@$|^__[A-Z0-9_]+__$|^%[A-Za-z0-9_]+%$|\$\{|#\{|\{\{|\}\}|%\([\w.]+\)[sdr]|<[^>]*>|&lt;|\bprocess\.env\b|\bos\.environ\b|\bgetenv\b|\bENV\[|\bSecrets?\.|\bsecrets\.[A-Za-z]/;

// What a base64 stand-in decodes to; narrower than the words above, since decoded random
// bytes may contain `...` by chance.
const DECODED_PLACEHOLDER = /replace|change_?me|not[_-]?set|fill[_-]?me[_-]?in|123456|abc123|abcdef|placeholder|example|your[_-]|dummy|redacted|xxxx|\$\{|\{\{/i;

// A stand-in in brackets, as docs and curl examples write them: `[PASSWORD]`, `{password}`,
// `[YOUR-PASSWORD]`, the half a `user:password` split leaves of `<user:password>` (`password>`),
// or a symbol (`:password`).
const BRACKETED = /^[[{(<][A-Za-z][\w .:-]{0,40}[\]})>]$|^[A-Za-z_-]{1,40}[\]})>]$|^[[{(<][A-Za-z_-]{1,40}$|^:[A-Za-z_]{1,40}$/;

// Runs of x in one case only: a random token may well contain `Xxxx`.
const X_RUN = /xxxx|XXXX/;

export function isPlaceholder(value: string): boolean {
  if (PLACEHOLDER_WORDS.test(value) || X_RUN.test(value) || BRACKETED.test(value)) return true;
  if (REFERENCE.test(value) || isPublishedExample(value)) return true;
  if (isLowVariety(value) || hasLongSequence(value)) return true;
  // Kubernetes Secrets and some configs hold base64: `UkVQTEFDRV9NRQ==` is `REPLACE_ME`.
  const decoded = decodePrintableBase64(value);
  return decoded !== undefined && DECODED_PLACEHOLDER.test(decoded);
}

function decodePrintableBase64(value: string): string | undefined {
  if (value.length < 8 || value.length > 256 || value.length % 4 !== 0 || !/^[A-Za-z0-9+/]+={0,2}$/.test(value)) return undefined;
  const text = Buffer.from(value, 'base64').toString('latin1');
  return /^[\x20-\x7e]+$/.test(text) ? text : undefined;
}

/**
 * One character makes up most of the value (`ghp_000000…`, `••••••••`), or a padding character
 * repeats six times in a row (`…Token00000000`), which a random value practically never does.
 * (Runs of `A` are left alone: real Twitter and Dropbox tokens have them.)
 */
function isLowVariety(value: string): boolean {
  if (value.length < 8) return false;
  const distinct = countChars(value);
  let max = 0;
  for (let i = 0; i < distinct; i++) max = Math.max(max, countAt(i));
  return max / value.length > 0.5 || distinct <= 2 || /([0xX*._#-])\1{5}/.test(value);
}

/**
 * Runs like `123456789` or `abcdefgh`, or two of them interleaved (`1a2b3c4d`), which random
 * values practically never contain.
 */
function hasLongSequence(value: string): boolean {
  let run = 1;
  let interleaved = 0;
  for (let i = 1; i < value.length; i++) {
    const prev = value.charCodeAt(i - 1);
    const cur = value.charCodeAt(i);
    const ascending = cur === prev + 1 || (prev === 57 && cur === 48);
    run = ascending && isAlnum(cur) ? run + 1 : 1;
    if (run >= 8) return true;
    // Each character one past the one two before it, over eight characters.
    interleaved = i >= 2 && isAlnum(cur) && cur === value.charCodeAt(i - 2) + 1 ? interleaved + 1 : 0;
    if (interleaved >= 6) return true;
  }
  return false;
}

function isAlnum(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}
