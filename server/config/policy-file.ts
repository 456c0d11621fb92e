// Reads the routing policy file (its format is in routing.ts): every problem is a PolicyError
// naming its place, which the environment's reader reports under SECRETGATE_POLICY.
import { readFileSync } from 'node:fs';
import { parse as parseToml } from 'smol-toml';
import type { Severity } from '../../shared/severity.js';
import { isRepositoryGlob, repositoryPattern } from './repository-glob.js';
import { SEVERITIES, type Route, type RoutingPolicy } from './routing.js';
import { approversOf, isChannelId, isGroupId, isUserId, type Approvers } from './slack-ids.js';

/** A policy file problem; config/slack.ts reports it under SECRETGATE_POLICY. */
export class PolicyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PolicyError';
  }
}

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
  if (typeof v !== 'string' || !isChannelId(v)) {
    throw new PolicyError(`${where} is malformed: expected a channel ID such as C0123ABCD, got ${show(v)}`);
  }
  return v;
}

function approvers(where: string, v: unknown): Approvers {
  const ids = strings(where, v);
  if (ids.length === 0) throw new PolicyError(`${where} is empty: nobody could decide`);
  return approversOf(ids, (id) => new PolicyError(`${where} has ${show(id)}, which is neither a user ID (U…) nor a user-group ID (S…)`));
}

/** Accepts IDs (`U…`, `S…`) or Slack's markup (`<@U…>`, `<!subteam^S…>`, `<!here>`, `<!channel>`). */
function mentions(where: string, v: unknown): string[] {
  return strings(where, v).map((m) => {
    if (isUserId(m)) return `<@${m}>`;
    if (isGroupId(m)) return `<!subteam^${m}>`;
    const user = /^<@([^<>]*)>$/.exec(m)?.[1];
    const group = /^<!subteam\^([^|<>]*)(?:\|[^<>]*)?>$/.exec(m)?.[1];
    if ((user && isUserId(user)) || (group && isGroupId(group)) || m === '<!here>' || m === '<!channel>') return m;
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
      if (!isRepositoryGlob(p)) throw new PolicyError(`${where}.repositories has ${show(p)}, expected owner/name globs such as acme/prod-*`);
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
    if (typeof id !== 'string' || !isUserId(id)) throw new PolicyError(`[github_users] ${login} must be a Slack user ID (U…), got ${show(id)}`);
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
      if (!isUserId(key)) throw new PolicyError(`[identities] ${show(key)} must be a Slack user ID (U…) when its value is a list`);
      for (const k of strings(`[identities] ${key}`, value)) identity(k, key);
    } else {
      if (typeof value !== 'string' || !isUserId(value)) throw new PolicyError(`[identities] ${key.slice(0, 60)} must be a Slack user ID (U…), got ${show(value)}`);
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

