import type { Rule } from '../types.js';
import { SPACED_PREFIX } from './assignment-forms.js';
import { KEYWORDS, NAMES, WORDY_VALUES } from './generic.js';

// Context rules for the forms generic.ts cannot see on one line or with an operator: a name
// and value separated only by spaces, an XML element whose value has a line of its own, a
// heredoc. Each takes a name that ENDS in a secret word (`db_password`, `SECRET_KEY`), so a
// name about a secret (`password_file`, `token_url`) is left out by its shape.

// A name ending in a secret word, or in one followed by `key`/`value` (`SECRET_KEY`).
const SECRET_ENDING = String.raw`[\w.-]{0,40}?${NAMES}(?:[_.-]?(?:key|value))?`;
// Names of values meant to be public, or of a CSRF token: never a secret.
const NOT_SECRET_PREFIX = String.raw`(?![\w.:-]{0,40}?(?:csrf|xsrf|public|publishable|anon))`;

export const genericFormRules: Rule[] = [
  {
    id: 'generic-secret-spaced',
    description: 'Secret-named setting separated from its value by spaces (.properties, Dockerfile ENV, setx)',
    severity: 'medium',
    provider: 'generic',
    generic: true,
    keywords: KEYWORDS,
    // Start-anchored, so tried once per line; the value ends it, as in generic-secret-unquoted.
    regex: new RegExp(
      `${SPACED_PREFIX}${NOT_SECRET_PREFIX}(${SECRET_ENDING})[ \\t]{1,5}(["']?)([A-Za-z0-9+/~!@#%^_=.-]{12,2000})\\2(?=[ \\t]{0,256}(?:#|$))`,
      'i',
    ),
    secretGroup: 3,
    entropy: 3.3,
    allowlist: [...WORDY_VALUES, /^[^0-9]{0,23}$/, /^[^A-Za-z]*$/, /^[a-z_][\w]*(?:\.[a-z_][\w]*)+$/i],
    truePositives: [
      'db.password Zq8Wz3Lk7Xv2Rb6Nm9Tc4Yp5',
      'ENV REGISTRY_TOKEN Sz6Lq3Kx8Wm2Vb9Rt4Nc7Hp5',
      'setx CLIENT_SECRET "Pw3Lq6Kz9Xm2Vb8Rt5Nc4Hy7"',
      'set -gx API_TOKEN Kq2Lz7Wx4Vm9Rb5Nt3Hc8Yp6',
    ],
    falsePositives: [
      'db.password ${DB_PASSWORD}',
      'ENV API_TOKEN $API_TOKEN',
      '\tAPIToken *corev1.SecretKeySelector',
      'ClientSecret SecretKeySelector',
      'ssl_password_file /etc/ssl/private/pass.txt',
      'csrf_token Zq8Wz3Lk7Xv2Rb6Nm9Tc4Yp5',
      'Password must be at least 12 characters',
    ],
  },
  {
    id: 'generic-secret-xml-block',
    description: 'Secret-named XML element with its value on a line of its own',
    severity: 'medium',
    provider: 'generic',
    generic: true,
    // Tried at each `<` of a line holding an element name that ends in a secret word; the
    // text it sees ends at the next `<`, the closing tag's, so the element must open its line
    // (a lookbehind reads back to the line's start) for `=<token>` and `Promise<Token>` not to count.
    keywords: ['password>', 'passwd>', 'secret>', 'token>', 'apikey>', 'api_key>', 'api-key>', 'credentials>'],
    multiline: { begin: '<', behind: 64 },
    regex: /(?<=(?:^|\n)[ \t]{0,64})<(?![\w.:-]{0,40}?(?:csrf|xsrf|public))[\w.:-]{0,40}?(?:password|passwd|secret|token|api[_-]?key|credentials)>[ \t]{0,64}\r?\n[ \t]{0,64}([^\s<>]{8,1000})[ \t]{0,64}\r?\n[ \t]{0,64}(?:$|(?=<\/))/i,
    entropy: 3,
    allowlist: WORDY_VALUES,
    truePositives: [
      '<datasource>\n  <password>\n    Vw5Lq8Kz3Xm6Vb2Rt9Nc4Hp7\n  </password>\n</datasource>',
      '<ApiToken>\n{AQAAABAAAAAQm7Xk3Lq9Vw2Rb6Tz8Nc4Hp5Yd1Gf0Js=}\n</ApiToken>',
    ],
    falsePositives: [
      '<password>\n  ${DB_PASSWORD}\n</password>',
      '<csrfToken>\n  Vw5Lq8Kz3Xm6Vb2Rt9Nc4Hp7\n</csrfToken>',
      '<passwordPolicy>\n  Vw5Lq8Kz3Xm6Vb2Rt9Nc4Hp7\n</passwordPolicy>',
      '<token>\n  <value>Vw5Lq8Kz3Xm6Vb2Rt9Nc4Hp7</value>\n</token>',
      'function f(): Promise<Token>\n  Vw5Lq8Kz3Xm6Vb2Rt9Nc4Hp7\n',
      '//registry.npmjs.org/:_authToken=<token>\nfund=false\n',
    ],
  },
  {
    id: 'generic-secret-heredoc',
    description: 'Secret-named setting given a one-line heredoc (HCL, Terraform, Ruby, shell)',
    severity: 'medium',
    provider: 'generic',
    generic: true,
    // Tried at each `<<` after an `=`; the name before it is read by a lookbehind.
    keywords: ['= <<', '=<<'],
    multiline: { begin: '<<', behind: 160 },
    regex: new RegExp(
      `(?<=(?<![\\w.-])${NOT_SECRET_PREFIX}${SECRET_ENDING}["']?[ \\t]{0,40}=[ \\t]{0,5})<<[-~]?(["']?)([A-Za-z_]\\w{0,20})\\1[ \\t]{0,64}\\r?\\n[ \\t]{0,64}([^\\s]{8,1000})[ \\t]{0,64}\\r?\\n[ \\t]{0,64}\\2(?!\\w)`,
      'i',
    ),
    secretGroup: 3,
    entropy: 3,
    allowlist: WORDY_VALUES,
    truePositives: [
      '  password = <<EOF\nCq2Wz7Lk4Xv9Rb5Nm3Tc8Yp6\nEOF',
      '  api_token     = <<-EOT\n    Dz5Lq8Kx3Wm6Vb2Rt9Nc4Hp7\n  EOT',
    ],
    falsePositives: [
      '  password = <<EOF\n${var.db_password}\nEOF',
      '  password_file = <<EOF\nCq2Wz7Lk4Xv9Rb5Nm3Tc8Yp6\nEOF',
      '  description = <<EOF\nCq2Wz7Lk4Xv9Rb5Nm3Tc8Yp6\nEOF',
      '  secret = <<EOF\nline one of a script\nEOF',
      '  token = <<EOF\nCq2Wz7Lk4Xv9Rb5Nm3Tc8Yp6\nmore\nEOF',
    ],
  },
];
