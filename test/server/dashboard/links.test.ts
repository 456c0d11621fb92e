// Where the review page links to: exact URLs, and no link from a stored non-http(s) URL.
import { describe, expect, it } from 'vitest';
import { githubCommitUrl, githubLineUrl, githubPullUrl, githubRepoUrl, safeHref, slackMessageUrl } from '../../../server/http/dashboard/links.js';

describe('dashboard links', () => {
  it('links a finding to its line at its commit, encoding each path segment', () => {
    expect(githubLineUrl('acme/api', 'a1b2c3', 'src/app config/#x?.env', 7)).toBe(
      'https://github.com/acme/api/blob/a1b2c3/src/app%20config/%23x%3F.env#L7',
    );
    expect(githubLineUrl('acme/api', 'a1b2c3', '../../evil/x', 1)).toBe('https://github.com/acme/api/blob/a1b2c3/evil/x#L1');
    expect(githubCommitUrl('acme/api', 'a1b2c3')).toBe('https://github.com/acme/api/commit/a1b2c3');
    expect(githubPullUrl('acme/api', 12)).toBe('https://github.com/acme/api/pull/12');
  });

  it('links GitHub on the host it is given (GitHub Enterprise Server)', () => {
    const ghes = 'https://github.example.test';
    expect(githubRepoUrl('acme/api', ghes)).toBe(`${ghes}/acme/api`);
    expect(githubLineUrl('acme/api', 'a1b2c3', 'x.env', 2, ghes)).toBe(`${ghes}/acme/api/blob/a1b2c3/x.env#L2`);
    expect(githubCommitUrl('acme/api', 'a1b2c3', `${ghes}/`)).toBe(`${ghes}/acme/api/commit/a1b2c3`);
    expect(githubPullUrl('acme/api', 12, ghes)).toBe(`${ghes}/acme/api/pull/12`);
  });

  it('links the Slack message by permalink with a workspace URL, else the channel', () => {
    expect(slackMessageUrl('C0REVIEWS', '1700000000.000100', 'https://acme.slack.com/')).toBe(
      'https://acme.slack.com/archives/C0REVIEWS/p1700000000000100',
    );
    expect(slackMessageUrl('C0REVIEWS', '1700000000.000100', null)).toBe('https://slack.com/app_redirect?channel=C0REVIEWS');
  });

  it('links only http(s) URLs', () => {
    expect(safeHref('https://github.com/acme/api/actions/runs/1')).toBe('https://github.com/acme/api/actions/runs/1');
    for (const bad of ['javascript:alert(1)', 'JaVaScRiPt:alert(1)', 'data:text/html,x', 'not a url', '', null, undefined]) {
      expect(safeHref(bad), String(bad)).toBeNull();
    }
  });
});
