// The bundled Action, run as the runner runs it, on a push written to stall the scan: repeated
// BEGIN blocks of private keys, a megabyte of one secret word on one line, a keyword-dense
// minified line, and a token after them. On the engine before linear time this push held the
// job for hours; now the token goes to review like any other.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { planted } from '../support/planted.js';
import { startTestServer, type TestServer } from '../support/server-harness.js';
import { click, reviewIdOf, scenario, start } from '../support/gate-scenario.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.close();
});

const BODY = 'MIIEpAIBAAKCAQEApTyGJMuHbEL31IeL2HPcHyGcFRl1SPnXNYvMIHa/2o76umfXfKm\n';

function stallingSource(): string {
  const kinds = ['RSA PRIVATE KEY', 'EC PRIVATE KEY', 'OPENSSH PRIVATE KEY', 'PRIVATE KEY', 'PGP PRIVATE KEY BLOCK'];
  const blocks = Array.from({ length: 3000 }, (_, i) => `-----BEGIN ${kinds[i % kinds.length]}-----\n${BODY}`).join('');
  const minified = Array.from({ length: 2000 }, (_, i) => `var a${i}={password:e.password,token:t.token,apiKey:"x"+n,secret:s};`).join('');
  return [
    blocks,
    `// ${'password'.repeat(96 * 1024)}`,
    blocks.replace(/\n/g, '\\n'),
    minified,
    `export const token = "${planted.githubPat}";`,
    '',
  ].join('\n');
}

describe('dist/index.js on a push written to stall the scan', () => {
  it('scans it all and puts the token after it up for review', async () => {
    const source = stallingSource();
    expect(source.length).toBeGreaterThan(1024 * 1024);
    const s = scenario(server, source);
    const action = start(s);
    const id = await reviewIdOf(action);
    await click(server, id, 'false_positive');
    const result = await action.result;
    expect(result.exitCode, result.log).toBe(0);
    expect(result.outputs).toMatchObject({ decision: 'false_positive', findings: '1' });
    expect(result.log).toContain('github-pat');
    expect(result.log).not.toContain(planted.githubPat);
  });
});
