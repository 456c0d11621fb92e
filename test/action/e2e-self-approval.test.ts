// The bundled Action sends each finding's commit author e-mail, and the server's self-approval
// guard uses it: the approver whose e-mail authored the commit (mapped in the policy file's
// [identities]) cannot let the push through; another approver can, and the job passes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APPROVER, GROUP_MEMBER, startTestServer, type TestServer } from '../support/server-harness.js';
import { policyFile } from '../server/slack/helpers.js';
import { click, reviewIdOf, reviewOnServer, scenario, start } from '../support/gate-scenario.js';

let server: TestServer;
beforeAll(async () => {
  // test/support/git-fixture.ts commits as author@example.com.
  server = await startTestServer({ env: { SECRETGATE_POLICY: policyFile(`[identities]\n"author@example.com" = "${APPROVER}"`) } });
});
afterAll(async () => {
  await server?.close();
});

describe('dist/index.js and the self-approval guard', () => {
  it('refuses the commit author, then passes when another approver approves', async () => {
    const action = start(scenario(server));
    const id = await reviewIdOf(action);
    await click(server, id, 'false_positive', { userId: APPROVER });
    await server.slack.waitFor((s) => s.delivered('chat.postEphemeral').some((c) => c.args['user'] === APPROVER && String(c.args['text']).includes('You authored')), 5000, 'the refusal');
    expect((await reviewOnServer(server, id)).status).toBe('pending');
    const stored = server.db().prepare('SELECT author_email FROM findings WHERE review_id = ?').get<{ author_email: string | null }>(id);
    expect(stored?.author_email).toBe('author@example.com');

    await click(server, id, 'approve', { userId: GROUP_MEMBER, reason: 'test key, rotated' });
    const result = await action.result;
    expect(result.exitCode, result.log).toBe(0);
    expect(result.outputs.decision).toBe('approved');
  });
});
