// Fake credentials for tests that plant them and then search every output for them.
// Built at run time so this file itself holds no credential-shaped string.
const body = (seed: number, n: number, alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789') => {
  let x = seed;
  let s = '';
  for (let i = 0; i < n; i++) {
    x = (x * 1103515245 + 12345) % 2147483648;
    s += alphabet[(x >>> 16) % alphabet.length];
  }
  return s;
};

export const planted = {
  githubPat: `ghp_${body(1, 36)}`,
  awsAccessKeyId: `AKIA${body(2, 16, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567')}`,
  stripeLive: `sk_live_${body(3, 32)}`,
  slackBot: `xoxb-${body(4, 11, '0123456789')}-${body(5, 12, '0123456789')}-${body(6, 24)}`,
  password: `Pw${body(7, 14)}!9`,
} as const;

/** Lines that plant every credential above, in the shapes code usually has. */
export function plantedSource(): string {
  return [
    `const token = "${planted.githubPat}";`,
    `aws_access_key_id = ${planted.awsAccessKeyId}`,
    `STRIPE_KEY=${planted.stripeLive}`,
    `slack: "${planted.slackBot}"`,
    `DB_PASSWORD = "${planted.password}"`,
    '',
  ].join('\n');
}

/** The raw values, to search outputs for. */
export const plantedValues: string[] = Object.values(planted);
