// Every reader of a Slack ID takes the same ones: the environment, the policy file, and the
// mrkdwn that turns an actor into a mention. A value one accepts, no other refuses.
import { describe, expect, it } from 'vitest';
import { parsePolicy } from '../../../server/config/policy-file.js';
import { actorMrkdwn } from '../../../server/slack/mrkdwn.js';
import { configProblem } from '../../support/config-problem.js';
import { testEnv } from '../../support/server-harness.js';

const base = () => testEnv('http://127.0.0.1:9/api/', '/tmp/never-opened.db');
const accepts = (f: () => unknown) => {
  try {
    f();
    return true;
  } catch {
    return false;
  }
};

const USERS = ['U0ALICE', 'W0GRID', 'U12'];
const GROUPS = ['S0SECURITY', 'S12'];
const NEITHER = ['U1', 'UA', 'u0alice', 'U0-ALICE', 'C0CHANNEL', 'S1', 'alice', 'U0ALICE!'];

describe('Slack user and group IDs', () => {
  it.each([...USERS, ...GROUPS, ...NEITHER])('%s: SECRETGATE_APPROVERS, the policy file and mentions agree', (id) => {
    const isUser = USERS.includes(id);
    const isApprover = isUser || GROUPS.includes(id);
    expect(configProblem({ ...base(), SECRETGATE_APPROVERS: id }) === 'accepted').toBe(isApprover);
    expect(accepts(() => parsePolicy(`[defaults]\napprovers = ["${id}"]`, { channel: 'C0CHANNEL' }))).toBe(isApprover);
    expect(accepts(() => parsePolicy(`[identities]\noctocat = "${id}"`, { channel: 'C0CHANNEL', approvers: { users: ['U0ALICE'], groups: [] } }))).toBe(isUser);
    expect(accepts(() => parsePolicy(`[[routes]]\nrepositories = ["a/b"]\nmentions = ["<@${id}>"]`, { channel: 'C0CHANNEL', approvers: { users: ['U0ALICE'], groups: [] } }))).toBe(isUser);
    expect(actorMrkdwn(id) === `<@${id}>`).toBe(isUser);
  });
});

describe('Slack channel IDs', () => {
  const CHANNELS = ['C0CHANNEL', 'G0PRIVATE', 'D0DIRECT', 'C12'];
  const NOT = ['C1', '#general', 'c0channel', 'U0ALICE', 'C0-CHANNEL'];
  it.each([...CHANNELS, ...NOT])('%s: SLACK_CHANNEL, SECRETGATE_DIGEST_CHANNEL and the policy file agree', (id) => {
    const ok = CHANNELS.includes(id);
    expect(configProblem({ ...base(), SLACK_CHANNEL: id }) === 'accepted').toBe(ok);
    expect(configProblem({ ...base(), SECRETGATE_DIGEST_CRON: '0 9 * * 1-5', SECRETGATE_DIGEST_CHANNEL: id }) === 'accepted').toBe(ok);
    expect(accepts(() => parsePolicy(`[defaults]\nchannel = "${id}"`, { approvers: { users: ['U0ALICE'], groups: [] } }))).toBe(ok);
  });
});
