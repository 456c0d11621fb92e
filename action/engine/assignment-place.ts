// Where a context rule's literal sits on its line, the way a reviewer reads it: the value
// assigned to the secret-named key, or something else that only stands near the name — an
// element of a list of names, a map key, an argument to a function whose parameter is not the
// secret, one piece of a string being built. Also names that say the value identifies a thing
// rather than unlocking it (a device's push token, a page token, a token's scope). Every check
// looks a bounded distance around the match: linear in the line.

import type { ValuePlace } from './types.js';

export type Misplacement = 'list-element' | 'map-key' | 'other-argument' | 'concatenation' | 'identifier-name';

const QUOTES = '"\'`';

/** Why the value is not a secret assigned to its name, or undefined when it is in that place. */
export function misplacement(place: ValuePlace): Misplacement | undefined {
  const { line, start, end, matchStart } = place;
  const name = nameAt(line, matchStart, start);
  if (IDENTIFIER_NAME.test(name) || METADATA_LAST_WORD.test(name)) return 'identifier-name';
  const open = line[start - 1];
  if (open === undefined || !QUOTES.includes(open) || line[end] !== open) return undefined;
  const after = skipSpaces(line, end + 1);
  const next = line[after];
  if (isConcatenation(line, after)) return 'concatenation';
  // `'abc': …`, `'abc' => …`: the literal is a key, its value follows.
  if ((next === ':' && line[after + 1] !== ':') || line.startsWith('=>', after)) return 'map-key';
  const sep = separatorBefore(line, matchStart, start - 1);
  if (sep === ',') {
    // `f("api_key", "…")` passes a name and its value; `['_password_history', '_hashed_password']`
    // lists names.
    const quoted = line[matchStart - 1] !== undefined && QUOTES.includes(line[matchStart - 1]!);
    const first = quoted ? previousNonSpace(line, matchStart - 2) : '';
    if (first !== '(') return 'list-element';
  }
  // `setAuthToken("…")` passes the token; `verifyPassword('my@user.com', 'wrong', true)` and
  // `secret._id.replace('…', ':draft')` pass something else first; `getCredentials('stripeApi')`
  // and `revokeToken('…')` pass what names or finds one.
  if (sep === '(' && (next === ',' || LOOKUP_CALL.test(lastSegment(name)))) return 'other-argument';
  return undefined;
}

/**
 * Names of values that identify rather than unlock: a device's push token, a page or sync
 * token, a lock token, a token's scope, type or lookup, where a token is read from.
 */
const IDENTIFIER_NAME =
  /(?:device|push|registration|fcm|apns|gcm|installation|page|next|continuation|cursor|sync|lock|title|cancel|cancellation|resume|delta)[_.-]?tokens?(?![a-z])|(?:token|key|secret|password)s?[_.-]?(?:scope|scopes|lookup|kind|prefix|suffix|separator|delimiter|attribute|attributes|column|table|selector|storage|source|audience|issuer|placement|location|position|strategy|rule|rules|error|message|label|text|title|description)(?![a-z])/i;

// Calls that take a name, an id or a key to look a secret up by, not the secret itself.
const LOOKUP_CALL =
  /^(?:get|load|fetch|read|find|lookup|resolve|has|delete|remove|clear|revoke|invalidate|describe|list|request|send|generate|create|reset|rotate|refresh)(?:[A-Z_]|$)/;

// Names whose last word says the value is part of how a secret is handled: a prefix, a scope, a
// column, a message.
const METADATA_LAST_WORD =
  /(?:prefix|suffix|separator|delimiter|scopes?|lookup|kind|column|table|selector|attributes?|label|message|title|description|error|strategy|source|rules?)$/i;

function lastSegment(name: string): string {
  const cut = Math.max(name.lastIndexOf('.'), name.lastIndexOf('>'), name.lastIndexOf(':'));
  return name.slice(cut + 1);
}

/** The [\w.$-] run the match starts with (after quotes, `export`, a sigil): the key's name. */
function nameAt(line: string, matchStart: number, valueStart: number): string {
  let i = matchStart;
  while (i < valueStart && (QUOTES.includes(line[i]!) || line[i] === ' ' || line[i] === ';')) i++;
  let j = i;
  while (j < valueStart && /[\w.$-]/.test(line[j]!)) j++;
  return line.slice(i, Math.min(j, i + 80));
}

/** The separator's last character before the value's opening quote at `quote`. */
function separatorBefore(line: string, matchStart: number, quote: number): string {
  let i = quote - 1;
  // Prefixes a literal may carry: `r"…"`, `b'…'`, `@"…"`, `new String("…")`.
  while (i >= matchStart && /[rbuf@]/i.test(line[i]!) && i > matchStart && /[\s(=:,]/.test(line[i - 1]!)) i--;
  if (line.slice(Math.max(matchStart, i - 10), i + 1).endsWith('new String(')) i -= 11;
  while (i >= matchStart && line[i] === ' ') i--;
  return i >= matchStart ? line[i]! : '';
}

function previousNonSpace(line: string, from: number): string {
  let i = from;
  while (i >= 0 && (line[i] === ' ' || line[i] === '\t')) i--;
  return i >= 0 ? line[i]! : '';
}

function skipSpaces(line: string, from: number): number {
  let i = from;
  while (i < line.length && (line[i] === ' ' || line[i] === '\t')) i++;
  return i;
}

/** `'device_token_' + n`, PHP `'…' . $x`, Lua `'…' .. x`, `'…'.concat(`, `'…'.format(`, `'%s…' % x`. */
function isConcatenation(line: string, at: number): boolean {
  const c = line[at];
  if (c === '+') return line[at + 1] !== '+';
  if (c === '%') return line[at + 1] === ' ' || line[at + 1] === '(';
  if (c === '.') {
    const d = line[at + 1];
    return d === '.' || d === ' ' || d === '$' || line.startsWith('.concat(', at) || line.startsWith('.format(', at);
  }
  return false;
}
