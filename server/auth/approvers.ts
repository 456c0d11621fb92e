// Who may decide: a user listed in SECRETGATE_APPROVERS, or a member of a user group listed
// there. Group members come from usergroups.users.list and are cached for a few minutes.
import type { Logger } from '../log.js';

export interface ApproverPolicyOptions {
  users: string[];
  groups: string[];
  groupMembers: (groupId: string) => Promise<string[]>;
  logger: Logger;
  cacheMs?: number;
  now?: () => number;
}

interface CachedGroup {
  members: Set<string>;
  fetchedAt: number;
}

export class ApproverPolicy {
  private readonly users: Set<string>;
  private readonly cache = new Map<string, CachedGroup>();
  private readonly inflight = new Map<string, Promise<Set<string>>>();
  private readonly cacheMs: number;
  private readonly now: () => number;

  constructor(private readonly options: ApproverPolicyOptions) {
    this.users = new Set(options.users);
    this.cacheMs = options.cacheMs ?? 5 * 60_000;
    this.now = options.now ?? Date.now;
  }

  /**
   * True when `userId` may decide reviews of `repository`. A group whose members cannot be
   * fetched (and were never fetched) counts as having none: the check fails closed.
   * `approvers` (from the routing policy's route for the review) replaces the default set.
   */
  async isApprover(userId: string, _repository: string, approvers?: { users: string[]; groups: string[] }): Promise<boolean> {
    if (approvers ? approvers.users.includes(userId) : this.users.has(userId)) return true;
    for (const group of approvers?.groups ?? this.options.groups) {
      const members = await this.members(group).catch((err: unknown) => {
        this.options.logger.warn('user group lookup failed; treating as no members', { group, error: err });
        return new Set<string>();
      });
      if (members.has(userId)) return true;
    }
    return false;
  }

  private members(group: string): Promise<Set<string>> {
    const cached = this.cache.get(group);
    if (cached && this.now() - cached.fetchedAt < this.cacheMs) return Promise.resolve(cached.members);
    let pending = this.inflight.get(group);
    if (!pending) {
      pending = this.options
        .groupMembers(group)
        .then((list) => {
          const members = new Set(list);
          this.cache.set(group, { members, fetchedAt: this.now() });
          return members;
        })
        .catch((err: unknown) => {
          // A stale list is better than none while Slack is unreachable.
          if (cached) return cached.members;
          throw err;
        })
        .finally(() => this.inflight.delete(group));
      this.inflight.set(group, pending);
    }
    return pending;
  }
}
