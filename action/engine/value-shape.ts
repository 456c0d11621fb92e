// What a value reads as, the way a reviewer reads it: an identifier, a sentence, an e-mail
// address, a URL without credentials, a UUID or URN, a hash of a known scheme, a code
// expression, a validation rule, a self-describing placeholder. Context-only rules (generic.ts)
// drop a value that reads as any of these: it is what code holds under a secret-sounding name
// that is not a secret. Every test here is a single pass over the value (values are ≤ 2,000
// characters), with no regex that can backtrack.

export type ValueShape =
  | 'email'
  | 'url'
  | 'uuid-or-urn'
  | 'password-hash'
  | 'code'
  | 'validation-rule'
  | 'sentence'
  | 'identifier';

/** The first shape `value` reads as, or undefined when it may be a secret. */
export function valueShape(value: string): ValueShape | undefined {
  if (isEmail(value)) return 'email';
  if (isPlainUrl(value)) return 'url';
  if (isUuidOrUrn(value)) return 'uuid-or-urn';
  if (isPasswordHash(value)) return 'password-hash';
  if (isCodeExpression(value)) return 'code';
  if (isValidationRule(value)) return 'validation-rule';
  if (isSentence(value)) return 'sentence';
  if (readsAsIdentifier(value)) return 'identifier';
  return undefined;
}

// `user1@parse.com`, `my@user.com`: a local part, `@`, a domain with a letter TLD.
const EMAIL = /^[A-Za-z0-9._%+'-]{1,64}@[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63}){0,8}\.[A-Za-z]{2,24}$/;

export function isEmail(value: string): boolean {
  return EMAIL.test(value);
}

// A scheme, `//`, and no `user:password@` before the host (url-embedded-credentials and the
// database URI rules report those).
const URL_START = /^[a-z][a-z0-9+.-]{0,20}:\/\//i;

export function isPlainUrl(value: string): boolean {
  const m = URL_START.exec(value);
  if (!m) return false;
  const rest = value.slice(m[0].length);
  const hostEnd = firstOf(rest, '/?#');
  const authority = rest.slice(0, hostEnd);
  const at = authority.lastIndexOf('@');
  return at === -1 || !authority.slice(0, at).includes(':');
}

// `urn:uuid:…`, `urn:ietf:params:…`, `urn:x-…`: a namespace identifier, then its string.
const URN = /^urn:[a-z0-9][a-z0-9-]{0,31}:\S/i;

/**
 * A URN is a name by definition (`urn:uuid:…` is a lock token, a message id). A bare UUID is
 * not judged by its shape: Heroku, Snyk and Codecov keys are UUIDs, and a UUID under a name
 * that says it identifies (`request_id`, `lockToken`) is dropped by that name.
 */
export function isUuidOrUrn(value: string): boolean {
  return URN.test(value);
}

// One-way hashes of a known scheme: what a seeder or a fixture stores under `password`, which
// cannot be logged in with. Modular crypt (`$2y$10$…`, `$argon2id$…`, `$6$…`, `$pbkdf2-…`),
// Django's `algo$iterations$salt$hash`, LDAP's `{SSHA}…`.
const MODULAR_CRYPT = /^\$(?:2[abxy]?|1|5|6|y|gy|7|argon2(?:id|i|d)|scrypt|pbkdf2(?:-sha(?:1|256|512))?|sha1|md5|apr1|bcrypt(?:-sha256)?)\$[A-Za-z0-9./+=$,-]{8,}$/;
const DJANGO_HASH = /^(?:pbkdf2_sha(?:1|256)|argon2|bcrypt(?:_sha256)?|scrypt|sha1|md5)\$[A-Za-z0-9./+=$]{8,}$/;
const LDAP_HASH = /^\{(?:SSHA|SHA|SMD5|MD5|CRYPT|SSHA256|SSHA512|PBKDF2(?:-SHA256|-SHA512)?|ARGON2)\}[A-Za-z0-9./+=$]{8,}$/i;

export function isPasswordHash(value: string): boolean {
  return MODULAR_CRYPT.test(value) || DJANGO_HASH.test(value) || LDAP_HASH.test(value);
}

// `user.confirmation_token!`, `config.generateTokenExpiresAt.bind(`, `ghostBookshelf.Model.extend(`,
// `$this->session->token`, `Foo::bar()`: a member chain (at least one `.`, `->`, `::` or `?.`)
// that ends in a call or a Ruby `!`/`?`, or whose names read as words. `s.VVoXUxmfRoBaRbXE`
// and `K.XJGN6VYz_Vf.tpVr2p96` are keys with dots in them, not chains.
export function isCodeExpression(value: string): boolean {
  let i = 0;
  let parts = 0;
  let arrows = false;
  const n = value.length;
  if (value.charCodeAt(0) === 36 /* $ */ || value.charCodeAt(0) === 64 /* @ */) i++;
  for (;;) {
    const start = i;
    while (i < n && isWordChar(value.charCodeAt(i))) i++;
    if (i === start || isDigit(value.charCodeAt(start))) return false;
    parts++;
    if (i === n) break;
    if (value[i] === '.') i += 1;
    else if (value.startsWith('?.', i)) i += 2;
    else if (value.startsWith('->', i) || value.startsWith('::', i)) {
      arrows = true;
      i += 2;
    } else break;
  }
  if (parts < 2) return false;
  const chain = value.slice(0, i);
  const rest = value.slice(i);
  const wordy = arrows || readsAsIdentifier(chain);
  if (rest === '') return wordy;
  if (rest[0] === '(') return true;
  return /^[!?;,)]{1,3}$/.test(rest) && (wordy || rest[0] === '!' || rest[0] === '?');
}

// Laravel / Rails-style validation rules: `required|confirmed|min:6`, `nullable|string|max:255`.
const RULE_PART = /^[a-z][a-z_]{1,30}(?::[\w.,-]{1,40})?$/;

export function isValidationRule(value: string): boolean {
  if (!value.includes('|')) return false;
  const parts = value.split('|');
  return parts.length >= 2 && parts.every((p) => RULE_PART.test(p));
}

/** Three or more words between spaces: a message, not a key. */
export function isSentence(value: string): boolean {
  let words = 0;
  for (const w of value.split(' ')) {
    if (w.length === 0) continue;
    if (!/^[A-Za-z][a-z']*[.,!?:;]?$/.test(w)) return false;
    words++;
  }
  return words >= 3;
}

/**
 * A name built of words: `_perishable_token`, `androidToken1`, `apostrophe:enterPassword`,
 * `secret-thirty-2-character-string`, `header:X-CSRF-Token`, `_sf2_attributes`, `Ghost(Pro)`,
 * `token68=extra`. Split at separators, case changes and digits, nearly all of its letters
 * are in pieces that read as words (three letters or more, with vowels, no long run of
 * consonants) or short acronyms beside them; digits are few and end a piece (`token2`, not
 * `k3jd`); and no character a password is made strong with (`!`, `#`, `%`, `&`, `*`, `~`, …)
 * appears. Random keys, hex, base64, base32 and leetspeak passwords split into short pieces of
 * mixed letters and digits and fail.
 */
export function readsAsIdentifier(value: string): boolean {
  const n = value.length;
  let letters = 0;
  let wordLetters = 0;
  let longWordLetters = 0;
  let acronymLetters = 0;
  let digits = 0;
  let digitRun = 0;
  let pieces = 0;
  let separated = false;
  let lower = false;
  let i = value[0] === '$' || value[0] === '@' || value[0] === '?' ? 1 : 0;
  while (i < n) {
    const c = value.charCodeAt(i);
    if (isDigit(c)) {
      digits++;
      // Four digits at most in a row (a version, a year, a counter), and then no lower-case
      // letter unless they start a piece: `k3jdoe8fu` is random; `token68=`, `ne2Password`,
      // `123password` and `app_2fa` are names.
      if (++digitRun > 4) return false;
      if (i + 1 < n && isLower(value.charCodeAt(i + 1))) {
        const before = i - digitRun;
        if (before >= 0 && !IDENTIFIER_SEPARATORS.includes(value[before]!) && !'$@?'.includes(value[before]!)) return false;
      }
      i++;
      continue;
    }
    digitRun = 0;
    if (!isLetter(c)) {
      if (!IDENTIFIER_SEPARATORS.includes(value[i]!)) return false;
      separated = true;
      i++;
      continue;
    }
    // A piece: an upper-case run (an acronym, or the capital of a word that follows), or an
    // optional capital and lower-case letters.
    const start = i;
    let end = i;
    if (isUpper(c)) {
      while (end < n && isUpper(value.charCodeAt(end))) end++;
      if (end < n && isLower(value.charCodeAt(end))) {
        // `CSRFToken`: the last capital starts the next word, unless the run is one letter.
        if (end - start > 1) end--;
        else while (end < n && isLower(value.charCodeAt(end))) end++;
      }
    } else {
      while (end < n && isLower(value.charCodeAt(end))) end++;
    }
    const piece = value.slice(start, end);
    if (!lower && isLower(piece.charCodeAt(piece.length - 1))) lower = true;
    letters += piece.length;
    pieces++;
    if (readsAsWord(piece)) {
      wordLetters += piece.length;
      if (piece.length >= 3) longWordLetters += piece.length;
    }
    else if (piece.length <= 4 && isUpper(piece.charCodeAt(piece.length - 1))) acronymLetters += piece.length;
    i = end;
  }
  // Random values split into many short pieces; names into few long ones.
  if (letters < 4 || digits * 4 > n || letters * 2 < pieces * 5) return false;
  // Most letters are in words of three letters or more: two-letter pieces (`to`, `Id`) and
  // acronyms fill gaps between words, they do not make a name on their own.
  if (longWordLetters * 5 < letters * 3) return false;
  // In a blob of capitals and digits (`JBSWY3DPEHPK3PXP`, a base32 secret) short pieces are
  // chance, not acronyms; elsewhere an acronym stands beside words (`X-XSRF-Token`).
  const known = separated || lower ? wordLetters + Math.min(acronymLetters, wordLetters / 2) : wordLetters;
  return known * 5 >= letters * 4;
}

const IDENTIFIER_SEPARATORS = '_-.:/=,|()[] ';

/** A word-like piece: `token`, `Password`, `HEADER`, `attributes`, `to`; not `qzxv`, `Hx`, `PXP`. */
function readsAsWord(piece: string): boolean {
  const n = piece.length;
  // `to`, `go`, `my`, `Id`: two letters count when one is a vowel (many short pieces still
  // fail the average piece length in readsAsIdentifier).
  if (n === 2) return VOWELS.includes(piece[0]!.toLowerCase()) !== VOWELS.includes(piece[1]!.toLowerCase());
  if (n < 3) return false;
  let vowels = 0;
  let consonantRun = 0;
  for (let k = 0; k < n; k++) {
    if (VOWELS.includes(piece[k]!.toLowerCase())) {
      vowels++;
      consonantRun = 0;
    } else if (++consonantRun > 4) return false;
  }
  return vowels * 6 >= n && vowels < n;
}

const VOWELS = 'aeiouy';

function firstOf(s: string, chars: string): number {
  for (let i = 0; i < s.length; i++) if (chars.includes(s[i]!)) return i;
  return s.length;
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}
function isUpper(c: number): boolean {
  return c >= 65 && c <= 90;
}
function isLower(c: number): boolean {
  return c >= 97 && c <= 122;
}
function isLetter(c: number): boolean {
  return isUpper(c) || isLower(c);
}
function isWordChar(c: number): boolean {
  return isLetter(c) || isDigit(c) || c === 95 /* _ */ || c === 36 /* $ */;
}
