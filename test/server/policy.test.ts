// Who may decide: listed users, members of listed groups (cached), nobody when a lookup fails.
import { describe, expect, it } from 'vitest';
import { repositoryPattern } from '../../server/config/repository-glob.js';
import { silentLogger } from '../../server/log.js';
import { ApproverPolicy } from '../../server/auth/approvers.js';

function policy(groupMembers: (g: string) => Promise<string[]>, now = () => 0) {
  return new ApproverPolicy({ users: ['U1'], groups: ['S1'], groupMembers, logger: silentLogger, cacheMs: 1000, now });
}

describe('ApproverPolicy', () => {
  it('accepts a listed user without asking Slack', async () => {
    let asked = 0;
    const p = policy(async () => (asked++, []));
    expect(await p.isApprover('U1', 'acme/api')).toBe(true);
    expect(asked).toBe(0);
  });

  it('accepts a group member, refuses anyone else, and caches the member list', async () => {
    let asked = 0;
    let t = 0;
    const p = policy(async () => (asked++, ['U2']), () => t);
    expect(await p.isApprover('U2', 'acme/api')).toBe(true);
    expect(await p.isApprover('U3', 'acme/api')).toBe(false);
    expect(asked).toBe(1);
    t = 1500; // past the cache lifetime
    expect(await p.isApprover('U2', 'acme/api')).toBe(true);
    expect(asked).toBe(2);
  });

  it('refuses group members while the group cannot be fetched and was never fetched', async () => {
    const p = policy(async () => {
      throw new Error('slack is down');
    });
    expect(await p.isApprover('U2', 'acme/api')).toBe(false);
  });

  it('keeps using the last known members when a refresh fails', async () => {
    let t = 0;
    let fail = false;
    const p = policy(async () => {
      if (fail) throw new Error('slack is down');
      return ['U2'];
    }, () => t);
    expect(await p.isApprover('U2', 'acme/api')).toBe(true);
    fail = true;
    t = 5000;
    expect(await p.isApprover('U2', 'acme/api')).toBe(true);
  });
});

describe('repositoryPattern', () => {
  it.each([
    ['acme/*', 'acme/api', true],
    ['acme/*', 'ACME/Api', true],
    ['acme/*', 'acme-evil/api', false],
    ['acme/*', 'other/api', false],
    ['acme/api', 'acme/api2', false],
    ['acme/api-*', 'acme/api-v2', true],
    ['*/*', 'any/thing', true],
    ['acme/a.b', 'acme/aXb', false],
  ])('%s matches %s: %s', (glob, repo, expected) => {
    expect(repositoryPattern(glob).test(repo)).toBe(expected);
  });
});
