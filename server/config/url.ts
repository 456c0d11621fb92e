// URL readers: every URL variable is parsed by WHATWG URL and held to the schemes it may use.
import { ConfigError } from './errors.js';

export interface UrlRules {
  /** Schemes allowed (default http and https). */
  protocols?: readonly ('http:' | 'https:')[];
  /** The end of the message when the value is not a URL at all. */
  hint?: string;
}

/** The parsed URL; a ConfigError naming `name` when it is not one, or of another scheme. */
export function parseUrl(name: string, value: string, rules: UrlRules = {}): URL {
  const protocols = rules.protocols ?? ['http:', 'https:'];
  let u: URL;
  try {
    u = new URL(value);
  } catch {
    throw new ConfigError(name, `is not a URL: ${rules.hint ?? 'expected something like https://example.com/'}`);
  }
  if (!(protocols as readonly string[]).includes(u.protocol)) {
    const allowed = protocols.length === 1 ? `an ${protocols[0]!.slice(0, -1)}` : 'an http or https';
    throw new ConfigError(name, `must be ${allowed} URL, not ${u.protocol}`);
  }
  return u;
}

/** An http(s) URL, normalised by URL; with `slash`, ending in `/`. */
export function httpUrl(name: string, value: string, options: UrlRules & { slash?: boolean } = {}): string {
  const s = parseUrl(name, value, options).toString();
  return options.slash && !s.endsWith('/') ? s + '/' : s;
}
