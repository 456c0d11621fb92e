// The Slack app's credentials and Web API: SLACK_BOT_TOKEN, SLACK_SIGNING_SECRET (and
// SLACK_SIGNING_SECRET_PREVIOUS during a rotation), SLACK_API_URL, and the pace of posts
// (SECRETGATE_SLACK_POST_INTERVAL_MS). Messages never echo a credential.
import { ConfigError } from './errors.js';
import { integer, isCredentialText, optional, required, type Env } from './read.js';
import { httpUrl } from './url.js';

export interface SlackAppConfig {
  botToken: string;
  signingSecret: string;
  /**
   * SLACK_SIGNING_SECRET_PREVIOUS: the secret before a rotation, still accepted until it is
   * removed from the environment (and the server restarted); null when unset.
   */
  previousSigningSecret: string | null;
  /** Base URL of the Web API, ending in `/`. */
  apiUrl: string;
  /** Least time between two posts to one channel (Slack allows about one a second). */
  postIntervalMs: number;
}

export function loadSlackApp(env: Env): SlackAppConfig {
  const botToken = required(env, 'SLACK_BOT_TOKEN', 'the bot token (xoxb-…) of the Slack app');
  if (!/^xox[a-z]-[\w-]+$/.test(botToken)) {
    throw new ConfigError('SLACK_BOT_TOKEN', "is malformed: expected a Slack token starting with 'xoxb-'");
  }
  const signingSecret = required(env, 'SLACK_SIGNING_SECRET', "the signing secret from the Slack app's Basic Information page");
  if (!isCredentialText(signingSecret, 16)) {
    throw new ConfigError('SLACK_SIGNING_SECRET', 'is malformed: expected the signing secret Slack shows (16 or more characters, no spaces)');
  }
  const previousSigningSecret = optional(env, 'SLACK_SIGNING_SECRET_PREVIOUS');
  if (previousSigningSecret !== null) {
    if (!isCredentialText(previousSigningSecret, 16)) {
      throw new ConfigError(
        'SLACK_SIGNING_SECRET_PREVIOUS',
        'is malformed: expected the signing secret from before the rotation (16 or more characters, no spaces), or leave it unset',
      );
    }
    if (previousSigningSecret === signingSecret) {
      throw new ConfigError(
        'SLACK_SIGNING_SECRET_PREVIOUS',
        'is the same as SLACK_SIGNING_SECRET: put the new secret in SLACK_SIGNING_SECRET and the one it replaces here',
      );
    }
  }
  return {
    botToken,
    signingSecret,
    previousSigningSecret,
    apiUrl: httpUrl('SLACK_API_URL', optional(env, 'SLACK_API_URL') ?? 'https://slack.com/api/', { slash: true }),
    postIntervalMs: integer(env, 'SECRETGATE_SLACK_POST_INTERVAL_MS', 1000, 0, 60_000),
  };
}

/** The Slack credentials, which must never appear in a log line. */
export function slackSecrets(slack: SlackAppConfig): string[] {
  return [slack.botToken, slack.signingSecret, ...(slack.previousSigningSecret ? [slack.previousSigningSecret] : [])];
}
