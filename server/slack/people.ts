// Who is who: the Slack accounts of the people behind a review's commits, for the self-approval
// guard and for the review message, which says when it cannot tell. The pusher (a GitHub login)
// maps through the policy file's [identities] (or [github_users]); a commit author's e-mail
// through [identities], then the login of a GitHub noreply address, then Slack's
// users.lookupByEmail. That needs the users:read.email scope: without it the lookups stop for a
// while, and the log says so once.
import type { FindingPayload } from '../../shared/contract.js';
import type { Logger } from '../log.js';
import { slackUserOfEmail, slackUserOfGithubLogin, type RoutingPolicy } from '../config/routing.js';
import type { Review } from '../store/reviews.js';
import { describeSlackError } from './client.js';

/** One person behind a review, and their Slack account when known. */
export interface Person {
  /** The GitHub login (pusher) or the commit author's name, as the commits give it. */
  name: string;
  slackUser: string | null;
  /** False when Slack could not be asked (an error, or no answer within the budget). */
  checked: boolean;
}

export interface ReviewPeople {
  pusher: Person | null;
  /** One per commit author (name and e-mail), in the order the findings name them. */
  authors: Person[];
}

export interface PeopleOptions {
  policy: RoutingPolicy;
  /** SlackApi.userIdByEmail: the user, null for none; throws when Slack could not answer. */
  lookupByEmail: (email: string) => Promise<string | null>;
  logger: Logger;
  now: () => number;
  /** How long an answer is kept (default 1 h; a "nobody" answer 10 min). */
  cacheMs?: number;
}

const MISS_CACHE_MS = 10 * 60_000;
/** After missing_scope, how long until Slack is asked again (the scope may be added meanwhile). */
const SCOPE_RETRY_MS = 60 * 60_000;

export class People {
  private readonly cache = new Map<string, { user: string | null; atMs: number }>();
  private readonly inflight = new Map<string, Promise<string | null>>();
  private lookupsOffUntil = 0;

  constructor(private readonly options: PeopleOptions) {}

  /**
   * The pusher and the commit authors of a review, each with their Slack account. Lookups not
   * answered within `budgetMs` count as not checked (they go on and fill the cache).
   */
  async of(review: Pick<Review, 'actor'>, findings: readonly FindingPayload[], budgetMs: number): Promise<ReviewPeople> {
    const { policy } = this.options;
    const pusher = review.actor ? { name: review.actor, slackUser: slackUserOfGithubLogin(policy, review.actor) ?? null, checked: true } : null;
    const seen = new Map<string, { name: string; email: string | undefined }>();
    for (const f of findings) {
      if (!f.author && !f.authorEmail) continue;
      const key = `${f.author ?? ''}\0${(f.authorEmail ?? '').toLowerCase()}`;
      if (!seen.has(key)) seen.set(key, { name: f.author ?? f.authorEmail!, email: f.authorEmail });
    }
    let timer: ReturnType<typeof setTimeout> | undefined;
    const late = new Promise<'late'>((resolve) => {
      timer = setTimeout(() => resolve('late'), budgetMs);
    });
    try {
      const authors = await Promise.all(
        [...seen.values()].map(async ({ name, email }): Promise<Person> => {
          if (!email) return { name, slackUser: null, checked: true };
          const answer = await Promise.race([this.byEmail(email).then((user) => ({ user }), () => 'failed' as const), late]);
          if (answer === 'late' || answer === 'failed') return { name, slackUser: null, checked: false };
          return { name, slackUser: answer.user, checked: true };
        }),
      );
      return { pusher, authors };
    } finally {
      clearTimeout(timer);
    }
  }

  /** The Slack user of a commit e-mail, or null when nobody has it; throws when Slack could not answer. */
  byEmail(email: string): Promise<string | null> {
    const mapped = slackUserOfEmail(this.options.policy, email);
    if (mapped) return Promise.resolve(mapped);
    const key = email.toLowerCase();
    const now = this.options.now();
    const cached = this.cache.get(key);
    if (cached && now - cached.atMs < (cached.user ? (this.options.cacheMs ?? 3600_000) : MISS_CACHE_MS)) return Promise.resolve(cached.user);
    if (now < this.lookupsOffUntil) return Promise.resolve(null);
    let pending = this.inflight.get(key);
    if (!pending) {
      pending = this.options
        .lookupByEmail(email)
        .then((user) => {
          this.cache.set(key, { user, atMs: this.options.now() });
          return user;
        })
        .catch((err: unknown) => {
          if ((err as { data?: { error?: string } }).data?.error !== 'missing_scope') throw err;
          // Not an outage: the app cannot look people up. The map alone decides until it can.
          this.lookupsOffUntil = this.options.now() + SCOPE_RETRY_MS;
          this.options.logger.warn('cannot look up commit authors in Slack: add the users:read.email scope to the Slack app, or map them in the policy file [identities]', {
            reason: describeSlackError(err).reason,
          });
          return null;
        })
        .finally(() => this.inflight.delete(key));
      this.inflight.set(key, pending);
    }
    return pending;
  }
}

/** Whether `userId` pushed or authored the review's commits, or `unknown` when someone could not be checked. */
export function selfReview(people: ReviewPeople, userId: string): 'pusher' | 'author' | 'unknown' | 'no' {
  if (people.pusher?.slackUser === userId) return 'pusher';
  if (people.authors.some((a) => a.slackUser === userId)) return 'author';
  if (people.authors.some((a) => !a.checked)) return 'unknown';
  return 'no';
}
