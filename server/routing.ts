// Where a review goes and who decides it: the policy file (TOML, path in SECRETGATE_POLICY)
// maps repository patterns and severities to a channel, the people to mention and the
// approvers. Without a file, SLACK_CHANNEL and SECRETGATE_APPROVERS apply to everything.
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
import { readFileSync } from 'node:fs';
import { parse as parseToml } from 'smol-toml';
import type { Severity } from '../shared/severity.js';
import { repositoryPattern } from './auth/oidc.js';

export interface Approvers {
  users: string[];
  groups: string[];
}

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

/** A policy file problem; config.ts reports it under SECRETGATE_POLICY. */
export class PolicyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PolicyError';
  }
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

const CHANNEL = /^[CGD][A-Z0-9]{2,}$/;
const USER = /^[UW][A-Z0-9]{2,}$/;
const GROUP = /^S[A-Z0-9]{2,}$/;
const REPO_GLOB = /^[\w.*-]+\/[\w.*-]+$/;
const GITHUB_LOGIN = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})(\[bot\])?$/;
const EMAIL = /^[^@\s<>]{1,200}@[^@\s<>]{1,200}$/;

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const show = (v: unknown) => `'${String(typeof v === 'string' ? v : JSON.stringify(v)).slice(0, 60)}'`;

function strings(where: string, v: unknown): string[] {
  if (!Array.isArray(v) || !v.every((s) => typeof s === 'string')) throw new PolicyError(`${where} must be a list of strings`);
  return v as string[];
}

function channel(where: string, v: unknown): string {
  if (typeof v !== 'string' || !CHANNEL.test(v)) {
    throw new PolicyError(`${where} is malformed: expected a channel ID such as C0123ABCD, got ${show(v)}`);
  }
  return v;
}

function approvers(where: string, v: unknown): Approvers {
  const ids = strings(where, v);
  if (ids.length === 0) throw new PolicyError(`${where} is empty: nobody could decide`);
  const out: Approvers = { users: [], groups: [] };
  for (const id of ids) {
    if (USER.test(id)) out.users.push(id);
    else if (GROUP.test(id)) out.groups.push(id);
    else throw new PolicyError(`${where} has ${show(id)}, which is neither a user ID (U…) nor a user-group ID (S…)`);
  }
  return out;
}

/** Accepts IDs (`U…`, `S…`) or Slack's markup (`<@U…>`, `<!subteam^S…>`, `<!here>`, `<!channel>`). */
function mentions(where: string, v: unknown): string[] {
  return strings(where, v).map((m) => {
    if (USER.test(m)) return `<@${m}>`;
    if (GROUP.test(m)) return `<!subteam^${m}>`;
    if (/^<@[UW][A-Z0-9]{2,}>$/.test(m) || /^<!subteam\^S[A-Z0-9]{2,}(\|[^<>]*)?>$/.test(m) || m === '<!here>' || m === '<!channel>') return m;
    throw new PolicyError(`${where} has ${show(m)}: expected U…, S…, <@U…>, <!subteam^S…>, <!here> or <!channel>`);
  });
}

function only(where: string, o: Obj, keys: string[]): void {
  for (const k of Object.keys(o)) {
    if (!keys.includes(k)) throw new PolicyError(`${where} has an unknown key '${k.slice(0, 40)}' (known: ${keys.join(', ')})`);
  }
}

/**
 * Parses a policy file's text. `fallback` holds SLACK_CHANNEL and SECRETGATE_APPROVERS (either
 * may be missing when the file's [defaults] has them). Every problem names its place.
 */
export function parsePolicy(text: string, fallback: { channel?: string; approvers?: Approvers }, path: string | null = null): RoutingPolicy {
  let doc: Obj;
  try {
    doc = parseToml(text) as Obj;
  } catch (err) {
    throw new PolicyError(`is not valid TOML: ${(err as Error).message.split('\n')[0]}`);
  }
  only('the file', doc, ['defaults', 'routes', 'github_users', 'identities']);

  const d = doc['defaults'] ?? {};
  if (!isObj(d)) throw new PolicyError('[defaults] must be a table');
  only('[defaults]', d, ['channel', 'mentions', 'approvers']);
  const defaultChannel = d['channel'] !== undefined ? channel('[defaults] channel', d['channel']) : fallback.channel;
  if (!defaultChannel) throw new PolicyError('has no default channel: set [defaults] channel or SLACK_CHANNEL');
  const defaultApprovers = d['approvers'] !== undefined ? approvers('[defaults] approvers', d['approvers']) : fallback.approvers;
  if (!defaultApprovers) throw new PolicyError('has no default approvers: set [defaults] approvers or SECRETGATE_APPROVERS');

  const rawRoutes = doc['routes'] ?? [];
  if (!Array.isArray(rawRoutes)) throw new PolicyError('routes must be an array of tables ([[routes]])');
  const routes = rawRoutes.map((r: unknown, i): Route => {
    const where = `routes[${i}]`;
    if (!isObj(r)) throw new PolicyError(`${where} must be a table`);
    only(where, r, ['repositories', 'severities', 'channel', 'mentions', 'approvers']);
    const repos = strings(`${where}.repositories`, r['repositories'] ?? null);
    if (repos.length === 0) throw new PolicyError(`${where}.repositories is empty: the route would match nothing`);
    for (const p of repos) {
      if (!REPO_GLOB.test(p)) throw new PolicyError(`${where}.repositories has ${show(p)}, expected owner/name globs such as acme/prod-*`);
    }
    let severities: Severity[] | null = null;
    if (r['severities'] !== undefined) {
      severities = strings(`${where}.severities`, r['severities']).map((s) => {
        if (!SEVERITIES.includes(s as Severity)) throw new PolicyError(`${where}.severities has ${show(s)}: expected critical, high, medium or low`);
        return s as Severity;
      });
    }
    if (r['channel'] === undefined && r['mentions'] === undefined && r['approvers'] === undefined) {
      throw new PolicyError(`${where} sets none of channel, mentions, approvers: it would change nothing`);
    }
    return {
      repositories: repos,
      patterns: repos.map(repositoryPattern),
      severities,
      channel: r['channel'] === undefined ? null : channel(`${where}.channel`, r['channel']),
      mentions: r['mentions'] === undefined ? [] : mentions(`${where}.mentions`, r['mentions']),
      approvers: r['approvers'] === undefined ? null : approvers(`${where}.approvers`, r['approvers']),
    };
  });

  const githubUsers = new Map<string, string>();
  const gu = doc['github_users'] ?? {};
  if (!isObj(gu)) throw new PolicyError('[github_users] must be a table of GitHub login = "U…"');
  for (const [login, id] of Object.entries(gu)) {
    if (!GITHUB_LOGIN.test(login)) throw new PolicyError(`[github_users] has ${show(login)}, which is not a GitHub login`);
    if (typeof id !== 'string' || !USER.test(id)) throw new PolicyError(`[github_users] ${login} must be a Slack user ID (U…), got ${show(id)}`);
    githubUsers.set(login.toLowerCase(), id);
  }
  const emails = new Map<string, string>();
  const ids = doc['identities'] ?? {};
  if (!isObj(ids)) throw new PolicyError('[identities] must be a table of GitHub login or e-mail = "U…", or U… = [logins and e-mails]');
  const identity = (key: string, user: string) => {
    if (EMAIL.test(key)) emails.set(key.toLowerCase(), user);
    else if (GITHUB_LOGIN.test(key)) githubUsers.set(key.toLowerCase(), user);
    else throw new PolicyError(`[identities] has ${show(key)}, which is neither a GitHub login nor an e-mail address`);
  };
  for (const [key, value] of Object.entries(ids)) {
    if (Array.isArray(value)) {
      if (!USER.test(key)) throw new PolicyError(`[identities] ${show(key)} must be a Slack user ID (U…) when its value is a list`);
      for (const k of strings(`[identities] ${key}`, value)) identity(k, key);
    } else {
      if (typeof value !== 'string' || !USER.test(value)) throw new PolicyError(`[identities] ${key.slice(0, 60)} must be a Slack user ID (U…), got ${show(value)}`);
      identity(key, value);
    }
  }

  return {
    path,
    defaults: { channel: defaultChannel, mentions: d['mentions'] === undefined ? [] : mentions('[defaults] mentions', d['mentions']), approvers: defaultApprovers },
    routes,
    githubUsers,
    emails,
  };
}

export function loadPolicyFile(path: string, fallback: { channel?: string; approvers?: Approvers }): RoutingPolicy {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new PolicyError(`cannot be read: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  return parsePolicy(text, fallback, path);
}

/** The policy when there is no file: one channel, one set of approvers, no guard. */
export function defaultPolicy(channel: string, approvers: Approvers): RoutingPolicy {
  return { path: null, defaults: { channel, mentions: [], approvers }, routes: [], githubUsers: new Map(), emails: new Map() };
}
