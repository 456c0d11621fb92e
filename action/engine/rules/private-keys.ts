import type { Rule } from '../types.js';

const RSA_BODY =
  'MIIEpAIBAAKCAQEApTyGJMuHbEL31IeL2HPcHyGcFRl1SPnXNYvMIHa/2o76umfXfKm\nr5kJP1VrT+1FJors/6ILi8IHn5kxsC7tVO/HbkQfyy/KV5zjR3j1twdTKWTddB+XhkAS1voQG6yy';
const EC_BODY = 'MHcCAQEEIzyN9zHYIa4UOrGNATMuDJawTgsu8PO+799nKSNrh9UCauSDmLhuVtcqcYezdZ\nDj8hYs5suKcNd8Zra9A9sKPxZ9W3qLy7zKUVQDT7S8sTQCBNR3YbDgbleph1QHt6';
const SSH_BODY = 'b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQ1QTC4XATWS8PHp9NHfYjFM5DI4pZj59fhZ5R1Py4o\nJe2JbmPTuSgR7cMy+UcU3zr1ZtoLuCr64CxqlIOdNKhiFXiQ2hzT/pLjHX2JiCLhKcIhP6Br1iQFeOUhG';
const PKCS8_BODY = 'MIIEvQIBADANBgkqhkiG9w0BAQEFAASC5WisCgEBCY8f5N3/ynbdrZRzsGQBJg3UHKwkflF6XUi5AhuqpfE\nnbtXAqwK8jZfALhLSzFyCmmdKTxp/TkSF2RCdKDFRuNw5GCf+hA6ILI8gJhead6/wJ9kFZJSqgmRB';
const PGP_BODY = 'lQOYBGN7Enwvq4VNAKjKs1Pawtn3LG8Zv5Ypu8D0fzFwE7IHgYIruiqFhojmAIDdN87x\ng3/Q/XBmTepo6uKZyUf0IE9pU2NJhKaM1/5WdR16ePlljivghZ4fXfeTkYpIygfd';

const pem = (label: string, body: string) => `-----BEGIN ${label}-----\n${body}\n-----END ${label}-----`;

// A block's body is base64 plus the RFC 1421 headers of encrypted keys; inside JSON or
// YAML strings the newlines are escaped, so `\n` counts as whitespace too.
const PEM_BLOCK =
  /-----BEGIN ((?:[A-Z0-9]{1,12} ){0,2}PRIVATE KEY(?: BLOCK)?)-----((?:[A-Za-z0-9+/=\s:,.-]|\\[nr]){40,16000}?)-----END \1-----/;

/** DER: SEQUENCE (long-form length), then INTEGER 0 or 1 (PKCS#1 / PKCS#8 version). */
function isDerPrivateKey(value: string): boolean {
  const b = Buffer.from(value.slice(0, 16), 'base64');
  if (b[0] !== 0x30 || (b[1] !== 0x81 && b[1] !== 0x82 && b[1] !== 0x83)) return false;
  const at = 2 + (b[1]! - 0x80);
  return b[at] === 0x02 && b[at + 1] === 0x01 && (b[at + 2] === 0x00 || b[at + 2] === 0x01);
}

export const privateKeyRules: Rule[] = [
  {
    id: 'private-key',
    description: 'Private key (PEM: RSA, EC, DSA, OpenSSH, PKCS#8, encrypted, PGP)',
    severity: 'critical',
    provider: 'private-key',
    keywords: ['private key'],
    regex: PEM_BLOCK,
    secretGroup: 0,
    multiline: { begin: '-----BEGIN ' },
    skipPlaceholderCheck: true,
    entropy: 4,
    allowlist: [/\.\.\.|<[^>]*>|EXAMPLE|x{8,}|\$\{/i],
    truePositives: [
      pem('RSA PRIVATE KEY', RSA_BODY),
      pem('EC PRIVATE KEY', EC_BODY),
      pem('OPENSSH PRIVATE KEY', SSH_BODY),
      pem('PRIVATE KEY', PKCS8_BODY),
      pem('ENCRYPTED PRIVATE KEY', PKCS8_BODY),
      pem('DSA PRIVATE KEY', RSA_BODY),
      pem('PGP PRIVATE KEY BLOCK', `Version: GnuPG v2\n\n${PGP_BODY}`),
      `  "private_key": "${pem('PRIVATE KEY', PKCS8_BODY).replace(/\n/g, '\\n')}\\n",`,
      pem('RSA PRIVATE KEY', `Proc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,9F2E1B5C7A3D4E6F\n\n${RSA_BODY}`),
    ],
    falsePositives: [
      pem('RSA PRIVATE KEY', '...'),
      pem('PRIVATE KEY', '<your private key here>'),
      pem('PUBLIC KEY', PKCS8_BODY),
      'ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQC7 user@host',
      "if (pem.startsWith('-----BEGIN RSA PRIVATE KEY-----')) parse(pem);",
    ],
  },
  {
    id: 'ssh2-encrypted-private-key',
    description: 'SSH2 (SECSH) encrypted private key',
    severity: 'critical',
    provider: 'private-key',
    keywords: ['begin ssh2 encrypted private key'],
    regex: /---- BEGIN SSH2 ENCRYPTED PRIVATE KEY ----((?:[A-Za-z0-9+/=\s:"-]|\\[nr]){40,16000}?)---- END SSH2 ENCRYPTED PRIVATE KEY ----/,
    secretGroup: 0,
    multiline: { begin: '---- BEGIN SSH2 ENCRYPTED PRIVATE KEY ----' },
    skipPlaceholderCheck: true,
    entropy: 4,
    truePositives: [`---- BEGIN SSH2 ENCRYPTED PRIVATE KEY ----\nComment: "rsa-key"\n${RSA_BODY}\n---- END SSH2 ENCRYPTED PRIVATE KEY ----`],
    falsePositives: ['---- BEGIN SSH2 ENCRYPTED PRIVATE KEY ----\n...\n---- END SSH2 ENCRYPTED PRIVATE KEY ----'],
  },
  {
    id: 'putty-private-key',
    description: 'PuTTY private key file',
    severity: 'critical',
    provider: 'private-key',
    keywords: ['putty-user-key-file'],
    regex: /PuTTY-User-Key-File-[23]: [\w-]{3,40}\s[\s\S]{0,400}?Private-Lines: \d{1,3}\s+((?:[A-Za-z0-9+/=]{1,80}\s){1,60})/,
    multiline: { begin: 'PuTTY-User-Key-File-' },
    skipPlaceholderCheck: true,
    entropy: 4,
    truePositives: [
      `PuTTY-User-Key-File-3: ssh-ed25519\nEncryption: none\nComment: deploy\nPublic-Lines: 2\nAAAAC3NzaC1lZDI1NTE5AAAAIOz9\nPrivate-Lines: 1\nAAAAIFw9zHYIa4UOrGNATMuDJawTgsu8PO799nKSNrh9UCauSDmLhu\nPrivate-MAC: 1f2e`,
    ],
    falsePositives: ['PuTTY-User-Key-File-3: ssh-ed25519\nPrivate-Lines: 1\n\n'],
  },
  {
    id: 'ethereum-private-key-in-accounts',
    description: 'Ethereum private key in a Hardhat/Truffle accounts list',
    severity: 'critical',
    provider: 'ethereum',
    keywords: ['accounts'],
    regex: /accounts["']?\s{0,3}:\s{0,3}\[\s{0,3}["'](?:0x)?([0-9a-fA-F]{64})["']/,
    entropy: 3,
    truePositives: ["accounts: ['0x477f74ef61371bc3e2e7534cdd188eab20dc993680581b64300a82e9cea88367'],", '"accounts": ["9c1f3a7e5b2d4f6a8c0e1b3d5f7a9c2e4b6d8f0a1c3e5b7d9f1a3c5e7b9d1f3a"]'],
    falsePositives: ['accounts: [process.env.DEPLOYER_KEY],', "accounts: ['0x0000000000000000000000000000000000000000000000000000000000000000']"],
  },
  {
    id: 'age-secret-key',
    description: 'age encryption secret key',
    severity: 'critical',
    provider: 'age',
    keywords: ['age-secret-key-1'],
    // Bech32 alphabet, 58 data characters.
    regex: /\b(AGE-SECRET-KEY-1[QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L]{58})\b/,
    truePositives: ['AGE-SECRET-KEY-1UAUVT7TXUNF9ZEU2QYRZV0PA5UVWJLQ9A369S5WJPYXEXJCYPQDDR7CE6Y', '# created: 2024-01-01\n# public key: age1ql3z7hjy54pw3hyww5ayyfg7zqgvc7w3j2elw8zmrj2kg5sfn9aqmcac8p\nAGE-SECRET-KEY-1V349N4Q68G0XQRALTVUVG6C8E6DQ3NPDTEXZFDUSQ4JCYY9D0QHHAG7GCT'],
    falsePositives: ['AGE-SECRET-KEY-1XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX', 'age-keygen -o key.txt # prints AGE-SECRET-KEY-1…'],
  },
  {
    // A PKCS#1 or PKCS#8 private key as bare base64 DER on one line (env vars, Java/.NET configs):
    // a SEQUENCE whose first element is the version INTEGER 0 or 1. Certificates and public keys
    // open with a nested SEQUENCE instead; a PEM body's 64-character lines are the PEM rules'.
    id: 'private-key-der-base64',
    description: 'Private key as base64 DER without PEM armour',
    severity: 'critical',
    provider: 'private-key',
    keywords: ['miib', 'miic', 'miid', 'miie', 'miif', 'miig', 'miij', 'miik'],
    regex: /(?<![A-Za-z0-9+/])(MII[B-K][A-Za-z0-9+/]{120,12000}={0,2})(?![A-Za-z0-9+/=])/,
    entropy: 4.5,
    verify: isDerPrivateKey,
    truePositives: [
      'RSA_PRIVATE_KEY=MIICWwIBAAKBgQDH0IP7t6YtNaJ/0NTNPBSvK6V6klVaPujntTFki4ttFct+xVBVmT04PRj7EGdAdxN98ROdnW5U01AwxuGm3Hci+pN8XrGFjYny5rTFshEvPwNRMnBptd7qFQjdMfH6SUPLrWcThbkkPgKd0Z85mldwaZuMuDBNONRBdZSG4WhwDwIDAQABAoGAUX/oRYSLwEbvJ+ka0zddTHGmBk+nhq7AOro6EkOks/K+1M9QTAm74bNx+/2dz7qB9c2d7ZzoAqtKOwrzwSaNZLtTaTlxD2wbvrYnaiJY/2CZoQVGpSsoFN+K8d1ztK1C1A6nIaZRyzcdkksRCTDHnH+6pWldeRUAopTl+H0M9NECQQDs2Ebd8DFVa8extK9mpgCrRH8AV09CkhxHl9HXhRbvz8sg73gQuoObTyqh552oVBthAFgNN/dch5PKKeSmdcQpAkEA1/mMoBj/R7UaNYG3mby9za+AbdeJH3YjNAplMLZmK45JpQBcyA91YxzIRWCDsFicm6rt/YE+DrIj1+fPQrhZdwJASXIMD9jjQ40HwQi598f0nye/hniMwKUUlfLzhLTl1voGELGR9wYPt8LGAq0Ti9aBIwR7SaYYVB5K6z8wg5ozeQJAEuwsZAKMq020xCdfXLrqrlDIIdeWjgkdwHuArins/bfzv98uQeEI2ew1p85y+0poPkNVorZmJ4d4GHyY7jGUtQJAGg2SCEzTLwllXT7evTh2xHs8Pyi/i+cUm/+OjepDu0IhrlBecDGoIRSsij3KS6pJjKHbGEdrszfXBAHFYqVe+Q==',
      '  "signingKey": "MIICdQIBADANBgkqhkiG9w0BAQEFAASCAl8wggJbAgEAAoGBAMfQg/u3pi01on/Q1M08FK8rpXqSVVo+6Oe1MWSLi20Vy37FUFWZPTg9GPsQZ0B3E33xE52dblTTUDDG4abcdyL6k3xesYWNifLmtMWyES8/A1EycGm13uoVCN0x8fpJQ8utZxOFuSQ+Ap3RnzmaV3Bpm4y4ME041EF1lIbhaHAPAgMBAAECgYBRf+hFhIvARu8n6RrTN11McaYGT6eGrsA6ujoSQ6Sz8r7Uz1BMCbvhs3H7/Z3PuoH1zZ3tnOgCq0o7CvPBJo1ku1NpOXEPbBu+tidqIlj/YJmhBUalKygU34rx3XO0rULUDqchplHLNx2SSxEJMMecf7qlaV15FQCilOX4fQz00QJBAOzYRt3wMVVrx7G0r2amAKtEfwBXT0KSHEeX0deFFu/PyyDveBC6g5tPKqHnnahUG2EAWA0391yHk8op5KZ1xCkCQQDX+YygGP9HtRo1gbeZvL3Nr4Bt14kfdiM0CmUwtmYrjkmlAFzID3VjHMhFYIOwWJybqu39gT4OsiPX589CuFl3AkBJcgwP2ONDjQfBCLn3x/SfJ7+GeIzApRSV8vOEtOXW+gYQsZH3Bg+3wsYCrROL1oEjBHtJphhUHkrrPzCDmjN5AkAS7CxkAoyrTbTEJ19cuuquUMgh15aOCR3Ae4CuKez9t/O/3y5B4QjZ7DWnznL7Smg+Q1WitmYnh3gYfJjuMZS1AkAaDZIITNMvCWVdPt69OHbEezw/KL+L5xSb/46N6kO7QiGuUF5wMaghFKyKPcpLqkmModsYR2uzN9cEAcVipV75",',
    ],
    falsePositives: [
      'RSA_PUBLIC_KEY=MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA2d4cG1S7CRjN/jfb2Q3+1YHb3JNovYJ8S7OGaaLJVUStEZipkwZbUMmdRvnci+yjUQTDwTesR1dxeF1md0IGmNVYM8axQ/dXIvn3pcC4v4uu4XgVDdMGApxbbAIOLQYhbzLjPL5/NPNnL4TYQGSS4VqpzWxJLOY0fE/o0C5CC3iUdbXNmJN8nnnORV38YHrs/4wxxnBTrfMXaoRuumBTdB8oFbwcRysuMo2+DlfznCNrwSzQL6yiVmisuFWzqQuTpwKaCad9ouX8Kpwh4Wo4zYA7yRrKSSnsH2Bv52TrcymoR/WvrefWNDC+QrshgYnDvBj0GOsd8WdGhZ6Wkcz4lwIDAQAB',
      'MIICWwIBAAKBgQDH0IP7t6YtNaJ/0NTNPBSvK6V6klVaPujntTFki4ttFct+xVBV',
    ],
  },
];
