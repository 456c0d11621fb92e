// Where a review goes and who decides it, and the lookups on it. The policy file (TOML, path in
// SECRETGATE_POLICY, read by policy-file.ts) maps repository patterns and severities to a
// channel, the people to mention and the approvers. Without a file, SLACK_CHANNEL and
// SECRETGATE_APPROVERS (approvers.ts) apply to everything.
//
//   [defaults]                      # optional; SLACK_CHANNEL / SECRETGATE_APPROVERS otherwise
//   channel = "C0ALERTS"
//   approvers = ["U0ALICE", "S0SECURITY"]
//
//   [[routes]]                      # first match wins
//   repositories = ["acme/prod-*", "acme/payments"]
//   severities = ["critical", "high"]     # optional: every severity when absent
//   channel = "C0CRITICAL"
//   mentions = ["S0SECURITY", "U0ONCALL"] # or "<!subteam^S0SECURITY>", "<@U0ONCALL>", "<!here>"
//   approvers = ["S0SECURITY"]            # optional: the defaults' approvers when absent
//
//   [identities]                    # optional: who is who, for the self-approval guard
//   octocat = "U0OCTOCAT"                 # a GitHub login (the pusher)
//   "mona@acme.example" = "U0MONA"        # a commit author's e-mail
//   U0ALICE = ["alice-gh", "alice@acme.example"]   # or, per Slack user, a list of both
//
//   [github_users]                  # the older name of [identities], logins only
//   octocat = "U0OCTOCAT"
import type { Severity } from '../../shared/severity.js';
import type { Approvers } from './slack-ids.js';

export type { Approvers } from './slack-ids.js';

export interface Route {
  repositories: string[];
  patterns: RegExp[];
  /** null: every severity. */
  severities: Severity[] | null;
  channel: string | null;
  mentions: string[];
  approvers: Approvers | null;
}

export interface RoutingPolicy {
  /** The file it came from, or null for the environment's defaults alone. */
  path: string | null;
  defaults: { channel: string; mentions: string[]; approvers: Approvers };
  routes: Route[];
  /** GitHub login (lower case) → Slack user ID: the pusher's Slack account, for the self-approval guard. */
  githubUsers: Map<string, string>;
  /** Commit author e-mail (lower case) → Slack user ID, for the self-approval guard. */
  emails: Map<string, string>;
}

/** Where one review goes. */
export interface Destination {
  channel: string;
  /** Slack mention markup, ready to put in a message. */
  mentions: string[];
  approvers: Approvers;
  /** Index of the route that matched, or null for the defaults. */
  route: number | null;
}

export const SEVERITIES: readonly Severity[] = ['critical', 'high', 'medium', 'low'];
const rank = (s: Severity) => SEVERITIES.length - SEVERITIES.indexOf(s);

/** The most severe of the findings' severities (`low` when there are none). */
export function highestSeverity(findings: readonly { severity: Severity }[]): Severity {
  let best: Severity = 'low';
  for (const f of findings) if (rank(f.severity) > rank(best)) best = f.severity;
  return best;
}

export function routeFor(policy: RoutingPolicy, repository: string, severity: Severity): Destination {
  for (const [i, r] of policy.routes.entries()) {
    if (!r.patterns.some((p) => p.test(repository))) continue;
    if (r.severities && !r.severities.includes(severity)) continue;
    return {
      channel: r.channel ?? policy.defaults.channel,
      mentions: r.mentions,
      approvers: r.approvers ?? policy.defaults.approvers,
      route: i,
    };
  }
  return { channel: policy.defaults.channel, mentions: policy.defaults.mentions, approvers: policy.defaults.approvers, route: null };
}

/** The Slack user ID of a commit author's e-mail, when the policy maps it (or its GitHub noreply login). */
export function slackUserOfEmail(policy: RoutingPolicy, email: string | null | undefined): string | undefined {
  if (!email) return undefined;
  return policy.emails.get(email.toLowerCase()) ?? slackUserOfGithubLogin(policy, githubLoginOfNoreply(email));
}

/** The login in a GitHub noreply address (`12345+octocat@users.noreply.github.com`, or without the ID). */
export function githubLoginOfNoreply(email: string): string | undefined {
  return /^(?:\d+\+)?([A-Za-z0-9][A-Za-z0-9-]{0,38})@users\.noreply\.github\.com$/i.exec(email)?.[1];
}

/** The Slack user ID of a GitHub login, when the policy maps it. */
export function slackUserOfGithubLogin(policy: RoutingPolicy, login: string | null | undefined): string | undefined {
  return login ? policy.githubUsers.get(login.toLowerCase()) : undefined;
}

/** Mentions that reach the approvers: `<@U…>` for people, `<!subteam^S…>` for groups. */
export function approverMentions(a: Approvers): string[] {
  return [...a.users.map((u) => `<@${u}>`), ...a.groups.map((g) => `<!subteam^${g}>`)];
}

/** Every user group any route or the defaults name as approvers (their members are looked up). */
export function approverGroups(policy: RoutingPolicy): string[] {
  return [...new Set([...policy.defaults.approvers.groups, ...policy.routes.flatMap((r) => r.approvers?.groups ?? [])])];
}

/** The policy when there is no file: one channel, one set of approvers, no guard. */
export function defaultPolicy(channel: string, approvers: Approvers): RoutingPolicy {
  return { path: null, defaults: { channel, mentions: [], approvers }, routes: [], githubUsers: new Map(), emails: new Map() };
}
