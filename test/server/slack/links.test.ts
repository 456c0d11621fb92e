// Where the Slack message links to on GitHub: each path segment encoded, and no `.`/`..`
// segment that would let a file name climb out of `blob/<sha>/` (as the dashboard's links); the
// host is the server's configured GitHub, never the one in a caller's runUrl.
import { describe, expect, it } from 'vitest';
import { githubLinks } from '../../../server/slack/links.js';
import { reviewMessage } from '../../../server/slack/messages.js';
import { remediationMessage } from '../../../server/slack/remediation.js';
import { createReview, reviewRequest } from '../../support/server-harness.js';
import { click, posted, startClockedServer, threadPost } from './helpers.js';
import { HEAD_SHA, PUBLIC_URL, sampleFinding, sampleReview } from './review-fixture.js';

const GITHUB = 'https://github.com';
const links = githubLinks(sampleReview(), GITHUB);

describe('Slack links to GitHub', () => {
  it('encodes each segment of an odd path', () => {
    expect(links.blob('a1b2c3', 'src/app config/#x?.env', 7)).toBe('https://github.com/acme/api/blob/a1b2c3/src/app%20config/%23x%3F.env#L7');
    expect(links.blob('a1b2c3', 'odd/a|b<c>&d%2e.txt', 2)).toBe('https://github.com/acme/api/blob/a1b2c3/odd/a%7Cb%3Cc%3E%26d%252e.txt#L2');
  });

  it('never climbs out of the commit with `..`, `.` or empty segments', () => {
    expect(links.blob('a1b2c3', '../../evil/x', 1)).toBe('https://github.com/acme/api/blob/a1b2c3/evil/x#L1');
    expect(links.blob('a1b2c3', '/./src//../../../x.env', 3)).toBe('https://github.com/acme/api/blob/a1b2c3/src/x.env#L3');
    for (const path of ['..', '../..', 'a/../../../../b', './../x']) expect(links.blob('a1b2c3', path, 1), path).not.toMatch(/(^|\/)\.\.?(\/|#|$)/);
  });

  it('does the same for branch and tag names', () => {
    expect(githubLinks(sampleReview({ ref: 'refs/heads/../../evil' }), GITHUB).ref!.url).toBe('https://github.com/acme/api/tree/evil');
    expect(githubLinks(sampleReview({ ref: 'refs/tags/v1 #2' }), GITHUB).ref!.url).toBe('https://github.com/acme/api/releases/tag/v1%20%232');
  });

  it('puts the safe link in the review message, with the path as typed in the label', () => {
    const m = reviewMessage(sampleReview(), [sampleFinding({ file: '../../evil/x', line: 1 })], PUBLIC_URL);
    const text = JSON.stringify(m.attachments);
    expect(text).toContain(`<https://github.com/acme/api/blob/${HEAD_SHA}/evil/x#L1|../../evil/x:1>`);
    expect(text).not.toContain('/blob/' + HEAD_SHA + '/..');
  });

  it('takes the host from the configuration, not from the runUrl a caller sent', () => {
    const review = sampleReview({ runUrl: 'https://evil.example/acme/api/actions/runs/1', pullRequest: 7 });
    const m = reviewMessage(review, [sampleFinding()], PUBLIC_URL);
    const text = JSON.stringify(m);
    expect(text).not.toContain('evil.example');
    expect(text).toContain('<https://github.com/acme/api|acme/api>');
    expect(text).toContain('<https://github.com/acme/api/pull/7|#7>');
    expect(text).not.toContain('*Run*'); // a run elsewhere is not linked at all
  });

  it('links GitHub Enterprise Server when the server is configured with it', () => {
    const ghes = 'https://github.example.com';
    const review = sampleReview({ runUrl: `${ghes}/acme/api/actions/runs/9` });
    const text = JSON.stringify(reviewMessage(review, [sampleFinding({ line: 3 })], PUBLIC_URL, { githubUrl: ghes }));
    expect(text).toContain(`<${ghes}/acme/api|acme/api>`);
    expect(text).toContain(`<${ghes}/acme/api/blob/${HEAD_SHA}/`);
    expect(text).toContain(`*Run*\\n<${ghes}/acme/api/actions/runs/9|workflow run>`);
    expect(text).not.toContain('https://github.com/');
    expect(githubLinks(review, `${ghes}/`).user('octocat')).toBe(`${ghes}/octocat`);
  });

  it('links the GitHub token settings page of the configured GitHub in Fix instructions', () => {
    const ghes = 'https://github.example.com';
    const text = (githubUrl?: string) =>
      JSON.stringify(remediationMessage(sampleReview(), [sampleFinding({ ruleId: 'github-pat' })], 'U0ASKER', githubUrl ? { githubUrl } : {}).blocks);
    expect(text(ghes)).toContain(`<${ghes}/settings/tokens|Open GitHub's page>`);
    expect(text(ghes)).not.toContain('https://github.com');
    expect(text()).toContain('<https://github.com/settings/tokens|Open GitHub');
  });

  it('posts Fix instructions with the configured GitHub host from a running server', async () => {
    const ghes = 'https://github.example.com';
    const t = await startClockedServer({ env: { GITHUB_SERVER_URL: ghes } });
    try {
      const { review } = await createReview(t.url, t.apiToken, reviewRequest({ runUrl: `${ghes}/acme/api/actions/runs/5` }));
      const ts = await posted(t, review.id);
      expect((await click(t, review.id, 'fix', 'U0ASKER')).status).toBe(200);
      const reply = JSON.stringify((await threadPost(t.slack, ts, 'How to fix', 'the fix instructions')).args['blocks']);
      expect(reply).toContain(`<${ghes}/settings/tokens|`);
      expect(reply).not.toContain('https://github.com/');
    } finally {
      await t.close();
    }
  });
});
