// Keys with no prefix, found by the provider's name nearby: where the name may be, and what
// next to a name is still no key (placeholders, identifiers, digests, words holding the name).
import { describe, expect, it } from 'vitest';
import { createDetector } from '../../action/engine/detect.js';
import { defaultRules } from '../../action/engine/rules/index.js';
import { providerContextRules } from '../../action/engine/rules/provider-context.js';
import { createGitRunner } from '../../action/git/runner.js';
import { buildConfig } from '../../action/engine/config.js';
import { scanGitRange } from '../../action/scan.js';
import { createTempRepo } from '../support/temp-repo.js';

const detector = createDetector({ rules: defaultRules });
const found = (text: string) => detector.detect({ file: 'src/app.txt', text }).map((f) => [f.ruleId, f.line, f.secret]);

// Random-looking values of the adzuna (32 letters and digits) and phrase (64) shapes.
const KEY = 'k4q9zt2mx7vb3rn8wp5hy1cj6dl0fs2g';
const LONG = `${KEY}h8tq3zv6mw1xk9rb4np7cy2jd5lf0sg7`;

describe('provider-context rules', () => {
  it.each([
    ['an env setting', `ADZUNA_APP_KEY=${KEY}`],
    ['a camelCase name', `const myAdzunaKey = '${KEY}';`],
    ['a log line naming the provider', `[DEBUG] calling adzuna with key=${KEY}`],
    ['a credential store entry', `<secret>{adzuna AQAAABAAA ${KEY}}</secret>`],
    ['a query string', `https://api.example.test/v1/jobs?adzuna_app_key=${KEY}&page=1`],
  ])('find a key named on its own line: %s', (_label, text) => {
    expect(found(text)).toEqual([['adzuna-api-key', 1, KEY]]);
  });

  it.each([
    ['YAML', `adzuna:\n  app_key: ${KEY}`, 2],
    ['a log', `[INFO] Sending request to the Adzuna API\n[DEBUG] Using KEY=${KEY}`, 2],
    ['JSON', `"adzuna": {\n  "apiKey": "${KEY}"\n}`, 2],
  ])('find a key whose provider is named on the line before: %s', (_label, text, line) => {
    expect(found(text)).toEqual([['adzuna-api-key', line, KEY]]);
  });

  it('find a key named on the line before in a range scan, where only added lines are read', async () => {
    const r = createTempRepo();
    try {
      const base = r.commit('base', { 'README.md': '# app\n' });
      const head = r.commit('adzuna', { 'config/search.yml': `jobs:\n  adzuna:\n    app_key: ${KEY}\n` });
      const report = await scanGitRange(createGitRunner(r.dir), [`${base}..${head}`], { config: buildConfig() });
      expect(report.findings.map((f) => [f.ruleId, f.file, f.line])).toEqual([['adzuna-api-key', 'config/search.yml', 3]]);
    } finally {
      r.cleanup();
    }
  });

  it.each([
    ['a reference', 'ADZUNA_APP_KEY=${ADZUNA_APP_KEY_FROM_THE_VAULT_123}'],
    ['a template slot', 'adzuna_app_key: "<adzuna-app-key-32-characters-0>"'],
    ['a run of x', 'adzuna key = xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx'],
    ['zeros', 'ADZUNA_KEY="00000000000000000000000000000000"'],
    ['a documentation stand-in', 'adzuna key: abcdef0123456789abcdef0123456789'],
    ['a word stand-in', 'adzuna_app_key = "your_adzuna_key_goes_here_000001"'],
    ['an identifier', 'adzuna client = AdzunaJobSearchClientV2ImplInner'],
    ['an identifier with digits', 'adzuna = new SearchResultsPage2024AdapterImpl()'],
    ['an asset digest', '"adzuna-logo.svg": "d41d8cd98f00b204e9800998ecf8427e",'],
    ['a UUID with no secret word', 'kucoin order 3f2b8c1e-9a4d-4e7f-b2c5-8d1a6e0f4b93 closed'],
    ['a path segment', 'adzuna: /var/cache/k4q9zt2mx7vb3rn8wp5hy1cj6dl0fs2g'],
    ['a domain', `adzuna mirror at ${KEY}.cdn.example.net`],
    ['a value too far along the line', `adzuna ${'-'.repeat(48)} key=${KEY}`],
    ['a value two lines down', `adzuna:\n  region: gb\n  app_key: ${KEY}`],
    ['a next line without a secret word', `adzuna:\n  job_id: ${KEY}`],
    ['a longer token', `ADZUNA_KEY=${KEY}9`],
  ])('give nothing next to a provider name: %s', (_label, text) => {
    expect(found(text).filter(([id]) => id === 'adzuna-api-key' || id === 'kucoin-api-key')).toEqual([]);
  });

  it('never take a name inside a longer word (phrase in passphrase)', () => {
    expect(found(`phrase token = ${LONG}`)).toEqual([['phrase-access-token', 1, LONG]]);
    expect(found(`passphrase token = ${LONG}`).filter(([id]) => id === 'phrase-access-token')).toEqual([]);
    expect(found(`GPG_PASSPHRASE_TOKEN=${LONG}`).filter(([id]) => id === 'phrase-access-token')).toEqual([]);
  });

  it('never take a name that is the start of a longer word (toggl in toggle), in any case', () => {
    const toggl = (text: string) => found(text).filter(([id]) => id === 'toggl-api-token');
    expect(toggl(`togglToken = "${KEY}"`)).toEqual([['toggl-api-token', 1, KEY]]);
    expect(toggl(`TOGGL_TOKEN=${KEY}`)).toEqual([['toggl-api-token', 1, KEY]]);
    expect(toggl(`toggl:\n  api_token: ${KEY}`)).toEqual([['toggl-api-token', 2, KEY]]);
    expect(toggl(`toggle_token = "${KEY}"`)).toEqual([]);
    expect(toggl(`TOGGLE_TOKEN=${KEY}`)).toEqual([]);
    expect(toggl(`toggleToken: '${KEY}'`)).toEqual([]);
    // The sieve reading bytes drops the line too, and keeps the name when a later one stands alone.
    const sieve = detector.sieve!;
    const line = (text: string) => {
      const bytes = Buffer.from(`${text}\n`);
      sieve.line(bytes, 0, bytes.length);
      return sieve.verdict === 0 ? [] : sieve.rules.map((r) => detector.rules[r]!.id);
    };
    expect(line('el.toggle(open)')).not.toContain('toggl-api-token');
    expect(line('el.toggle(open); TOGGL_TOKEN=x')).toContain('toggl-api-token');
    expect(line('toggl')).toContain('toggl-api-token');
  });

  it('report at medium severity, under the provider, without the value in the preview', () => {
    const [f] = detector.detect({ file: 'a.env', text: `FINNHUB_TOKEN=${KEY.slice(0, 20)}` });
    expect(f).toMatchObject({ ruleId: 'finnhub-access-token', severity: 'medium' });
    expect(f!.redacted).not.toContain(KEY.slice(0, 4));
  });

  it('are one rule per provider, each a name to search for', () => {
    const providers = providerContextRules.map((r) => r.provider);
    expect(new Set(providers).size).toBe(providers.length);
    for (const r of providerContextRules) {
      expect(r.multiline).toEqual({ begin: r.provider, asName: true });
      expect(r.keywords).toEqual([r.provider]);
      // Short or common words would put these rules on every other line of code.
      expect(r.provider!.length, r.id).toBeGreaterThanOrEqual(5);
    }
  });

  it('take no capital in a key whose provider issues lower case only (apiflash)', () => {
    expect(found(`apiflash access_key=${KEY}`)).toEqual([['apiflash-api-key', 1, KEY]]);
    const capital = `${KEY.slice(0, 10)}R${KEY.slice(11)}`;
    expect(found(`apiflash access_key=${capital}`).filter(([id]) => id === 'apiflash-api-key')).toEqual([]);
  });

  it('take no lower case in a key whose provider issues capitals only (aletheiaapi)', () => {
    const upper = KEY.toUpperCase();
    expect(found(`aletheiaapi key=${upper}`)).toEqual([['aletheiaapi-api-key', 1, upper]]);
    const lower = `${upper.slice(0, 10)}q${upper.slice(11)}`;
    expect(found(`aletheiaapi key=${lower}`).filter(([id]) => id === 'aletheiaapi-api-key')).toEqual([]);
  });

  // gitleaks' short keyword-named values (#14): numbers and short words count only under a
  // secret word, never under an id's name.
  it.each([
    ['discord-numeric-token', 'discordToken = "730518462957301846"', '730518462957301846'],
    ['discord-numeric-token', 'DISCORD_BOT_SECRET: 73051846295730184629573018462957', '73051846295730184629573018462957'],
    ['asana-client-secret', 'asana_api_token = "5830174926501837"', '5830174926501837'],
    ['linkedin-api-token', 'linkedinToken := "x4k9m2qz7vb3rt"', 'x4k9m2qz7vb3rt'],
    ['dropbox-app-secret', 'DROPBOX_TOKEN=w8e3r5t7y9u2i4o', 'w8e3r5t7y9u2i4o'],
    ['confluent-api-key', 'confluent_token: 7fj2kq9zm4xb1vnp', '7fj2kq9zm4xb1vnp'],
    ['airtable-api-key', "airtableKey = 'p9o8i7u6y5t4r3e2w'", 'p9o8i7u6y5t4r3e2w'],
  ])('find a short value under a secret word: %s', (id, text, value) => {
    // Reported once, by this rule or a provider rule of the same value (a 32-digit Discord secret).
    expect(found(text).map(([, line, secret]) => [line, secret])).toEqual([[1, value]]);
    if (!/SECRET/.test(text)) expect(found(text)[0]![0]).toBe(id);
  });

  it.each([
    ['an id', 'DISCORD_CLIENT_ID=730518462957301846'],
    ['a camelCase id', 'discordGuildId = "730518462957301846"'],
    ['no secret word', 'discord channel 730518462957301846 archived'],
    ['zeros', 'discordToken=000000000000000000'],
    ['a counting number', 'discord_token = "123456789012345678"'],
    ['an id of words', 'LINKEDIN_CLIENT_ID=kpnc94fxvb3jad'],
    ['a word and a number', 'confluent_token = "replicat20241234"'],
  ])('give nothing for a short value that is no secret: %s', (_label, text) => {
    const ids = ['discord-numeric-token', 'asana-client-secret', 'linkedin-api-token', 'dropbox-app-secret', 'confluent-api-key', 'airtable-api-key'];
    expect(found(text).filter(([id]) => ids.includes(id as string))).toEqual([]);
  });
});
