// What to do about a leaked credential, per provider: revoke it, rotate it, update what uses
// it, look in the provider's logs for use, then remove it from history. The "Fix instructions"
// button posts this into the review's thread. Each finding names its rule's provider family
// (the Action sets it from the rule), so a new rule in a known family gets its advice free.
import type { KnownBlock } from '@slack/types';
import type { FindingPayload } from '../../shared/contract.js';
import { DEFAULT_GITHUB_SERVER_URL } from '../config/github.js';
import type { Review } from '../store/reviews.js';
import { clip, clipMrkdwn, SLACK_LIMITS } from './limits.js';
import type { SlackMessage } from './client.js';
import { codeSpan, escapeMrkdwn, inertMrkdwn, mrkdwnText } from './mrkdwn.js';

export interface ProviderAdvice {
  /** How people call it. */
  name: string;
  /**
   * The provider's own page where the credential is revoked or rotated. A path (`/…`) is on
   * the configured GitHub host (GITHUB_SERVER_URL), so GitHub Enterprise Server links its own.
   */
  revokeUrl?: string;
  /** What to do on that page (or without one). */
  revoke: string;
  /** Where to look for use of the credential. */
  logs: string;
  /** A provider-specific note (e.g. a key pair, a webhook). */
  note?: string;
}

const advice: Record<string, ProviderAdvice> = {
  github: {
    name: 'GitHub',
    revokeUrl: '/settings/tokens',
    revoke: 'Delete the token under Settings → Developer settings (classic and fine-grained tokens are listed separately). An organization owner can also revoke fine-grained tokens that have access to the organization.',
    logs: "the organization's audit log (filter by the token or its owner) and the token's \"Last used\" date",
  },
  gitlab: {
    name: 'GitLab',
    revokeUrl: 'https://gitlab.com/-/user_settings/personal_access_tokens',
    revoke: 'Revoke the personal, project or group access token (or the runner/deploy token) it is.',
    logs: 'the audit events of the group or project, and the token\'s "Last used" date',
  },
  slack: {
    name: 'Slack',
    revokeUrl: 'https://api.slack.com/apps',
    revoke: 'Open the app, then OAuth & Permissions → revoke or rotate the token (Basic Information for signing secrets and app-level tokens; Incoming Webhooks to delete a webhook URL).',
    logs: "the workspace's access logs and integration logs (workspace admins: Settings & administration → Manage apps)",
  },
  aws: {
    name: 'AWS',
    revokeUrl: 'https://console.aws.amazon.com/iam/home#/users',
    revoke: 'Make the access key inactive at once (IAM → user → Security credentials), create a new key, then delete the old one. For a session token, revoke active sessions of the role.',
    logs: 'CloudTrail event history, filtered by the access key ID, and IAM\'s "Last used" for the key',
    note: 'If the key had broad permissions, also look for new IAM users, keys, roles and running instances in every region.',
  },
  gcp: {
    name: 'Google Cloud',
    revokeUrl: 'https://console.cloud.google.com/apis/credentials',
    revoke: 'Delete the API key, or delete the service account key under IAM & Admin → Service accounts → Keys.',
    logs: 'Cloud Audit Logs in Logs Explorer, filtered by the service account or key',
  },
  azure: {
    name: 'Azure',
    revokeUrl: 'https://portal.azure.com/',
    revoke: 'Regenerate the key (storage account, Cosmos DB, Cognitive Services …) or delete the client secret of the app registration.',
    logs: 'the Activity log and the sign-in logs of the service principal in Microsoft Entra ID',
  },
  stripe: {
    name: 'Stripe',
    revokeUrl: 'https://dashboard.stripe.com/apikeys',
    revoke: 'Roll the key (choose "now" as the expiry) or delete the restricted key; for a webhook signing secret, roll it on the webhook endpoint.',
    logs: 'Developers → Logs in the Stripe dashboard, filtered by the API key',
  },
  notion: {
    name: 'Notion',
    revokeUrl: 'https://www.notion.so/my-integrations',
    revoke: 'Open the integration and refresh (rotate) its secret, or delete the integration.',
    logs: "the workspace's audit log (Enterprise plan) for pages the integration read or changed",
  },
  openai: {
    name: 'OpenAI',
    revokeUrl: 'https://platform.openai.com/api-keys',
    revoke: 'Revoke the secret key and create a new one in the same project.',
    logs: 'the Usage page for unexpected spend or models',
  },
  anthropic: {
    name: 'Anthropic',
    revokeUrl: 'https://console.anthropic.com/settings/keys',
    revoke: 'Disable or delete the API key and create a new one.',
    logs: 'the Usage and Cost pages of the Console',
  },
  huggingface: {
    name: 'Hugging Face',
    revokeUrl: 'https://huggingface.co/settings/tokens',
    revoke: 'Invalidate and refresh the access token, or delete it.',
    logs: 'the recent activity of your account and organizations',
  },
  npm: {
    name: 'npm',
    revokeUrl: 'https://docs.npmjs.com/revoking-access-tokens',
    revoke: 'Delete the token on npmjs.com (Access Tokens) or with `npm token revoke`.',
    logs: 'the versions published of your packages since the leak (`npm view <pkg> time`)',
  },
  pypi: {
    name: 'PyPI',
    revokeUrl: 'https://pypi.org/manage/account/',
    revoke: 'Remove the API token under Account settings → API tokens.',
    logs: 'the security history of your account and the release history of your projects',
  },
  docker: {
    name: 'Docker Hub',
    revokeUrl: 'https://app.docker.com/settings/personal-access-tokens',
    revoke: 'Deactivate or delete the personal access token.',
    logs: 'the "Last used" date of the token and the push history of your repositories',
  },
  sendgrid: {
    name: 'SendGrid',
    revokeUrl: 'https://app.sendgrid.com/settings/api_keys',
    revoke: 'Delete the API key and create a new one with the fewest scopes.',
    logs: 'Activity Feed for mail sent that you did not send',
  },
  twilio: {
    name: 'Twilio',
    revokeUrl: 'https://console.twilio.com/',
    revoke: 'Delete the API key (Account → API keys & tokens), or rotate the Auth Token with a secondary token.',
    logs: 'Monitor → Logs (calls, messages) and the usage records',
  },
  mailgun: {
    name: 'Mailgun',
    revokeUrl: 'https://app.mailgun.com/settings/api_security',
    revoke: 'Delete the API key and create a new one.',
    logs: 'the sending logs of each domain',
  },
  datadog: {
    name: 'Datadog',
    revokeUrl: 'https://app.datadoghq.com/organization-settings/api-keys',
    revoke: 'Revoke the API or application key and create a new one.',
    logs: 'the Audit Trail, filtered by the key',
  },
  sentry: {
    name: 'Sentry',
    revokeUrl: 'https://sentry.io/settings/account/api/auth-tokens/',
    revoke: 'Revoke the auth token (or the organization token under Settings → Developer Settings).',
    logs: "the organization's audit log",
  },
  cloudflare: {
    name: 'Cloudflare',
    revokeUrl: 'https://dash.cloudflare.com/profile/api-tokens',
    revoke: 'Roll or delete the API token (or change the Global API Key).',
    logs: "the account's audit logs",
  },
  digitalocean: {
    name: 'DigitalOcean',
    revokeUrl: 'https://cloud.digitalocean.com/account/api/tokens',
    revoke: 'Delete or regenerate the personal access token.',
    logs: 'the security history and the list of droplets, volumes and keys for anything new',
  },
  heroku: {
    name: 'Heroku',
    revokeUrl: 'https://dashboard.heroku.com/account/applications',
    revoke: 'Revoke the authorization, or regenerate the API key under Account settings.',
    logs: 'the activity feed of each app',
  },
  vercel: {
    name: 'Vercel',
    revokeUrl: 'https://vercel.com/account/tokens',
    revoke: 'Delete the token.',
    logs: "the team's audit log and recent deployments",
  },
  netlify: {
    name: 'Netlify',
    revokeUrl: 'https://app.netlify.com/user/applications',
    revoke: 'Delete the personal access token.',
    logs: "the team's audit log and recent deploys",
  },
  atlassian: {
    name: 'Atlassian',
    revokeUrl: 'https://id.atlassian.com/manage-profile/security/api-tokens',
    revoke: 'Revoke the API token.',
    logs: 'the audit log of the Jira or Confluence site',
  },
  bitbucket: {
    name: 'Bitbucket',
    revokeUrl: 'https://bitbucket.org/account/settings/app-passwords/',
    revoke: 'Revoke the app password or access token.',
    logs: "the workspace's audit log",
  },
  linear: {
    name: 'Linear',
    revokeUrl: 'https://linear.app/settings/api',
    revoke: 'Revoke the personal API key.',
    logs: "the workspace's audit log",
  },
  shopify: {
    name: 'Shopify',
    revoke: 'Uninstall and reinstall the custom app (which rotates its Admin API token), or rotate the API secret in the Partner Dashboard.',
    logs: 'the store\'s activity and the app\'s API call history',
  },
  discord: {
    name: 'Discord',
    revokeUrl: 'https://discord.com/developers/applications',
    revoke: 'Reset the bot token (Bot → Reset Token) or delete the webhook.',
    logs: 'the audit log of each server the bot is in',
  },
  telegram: {
    name: 'Telegram',
    revoke: 'Send /revoke to @BotFather for the bot to get a new token.',
    logs: 'the bot\'s recent updates for messages it did not send',
  },
  hashicorp: {
    name: 'HashiCorp',
    revokeUrl: 'https://app.terraform.io/app/settings/tokens',
    revoke: 'Delete the Terraform Cloud token, or revoke a Vault token with `vault token revoke`.',
    logs: 'Vault audit devices or the Terraform Cloud audit trail',
  },
  'private-key': {
    name: 'Private key',
    revoke: 'Treat the key pair as compromised: generate a new pair and remove the old public key everywhere it is trusted (authorized_keys, deploy keys, cloud key pairs). A TLS key: have the certificate revoked by its CA and issue a new one.',
    logs: 'SSH auth logs and the access logs of every host or service that trusted the public key',
  },
  database: {
    name: 'Database',
    revoke: "Change the database user's password (or drop the user), and restrict where it may connect from.",
    logs: "the database's connection and query logs for unknown clients",
  },
  jwt: {
    name: 'JWT',
    revoke: 'Rotate the signing key that issued the token and revoke the sessions it covers; a JWT stays valid until it expires otherwise.',
    logs: 'the access logs of the services that accept it, by subject and token ID (jti)',
  },
};

const GENERIC: ProviderAdvice = {
  name: 'Credential',
  revoke: 'Revoke or disable the credential where it was issued (the provider\'s console, the identity provider, the database), then issue a new one.',
  logs: "the issuer's access or audit logs since the commit date",
};

/**
 * The provider family whose advice a finding gets: the one its payload names; without one (a
 * custom rule, or a row stored before findings carried it) the rule id's first word when that
 * names a provider we advise on. A provider without advice of its own gets the generic advice.
 */
export function providerOf(f: Pick<FindingPayload, 'ruleId' | 'provider'>): string | undefined {
  if (f.provider) return f.provider;
  // Custom (gitleaks-style) rules are usually named provider-kind, e.g. stripe-access-token.
  const first = f.ruleId.toLowerCase().split(/[-_.]/)[0] ?? '';
  return Object.hasOwn(advice, first) ? first : undefined;
}

export function adviceFor(provider: string | undefined): ProviderAdvice {
  return (provider && Object.hasOwn(advice, provider) && advice[provider]) || GENERIC;
}

/** How many provider sections one message holds; the rest are named at the end. */
const MAX_PROVIDERS = 6;
const MAX_FILES_PER_PROVIDER = 3;

/**
 * The thread reply for "Fix instructions": one section per provider found in the review, each
 * with the five steps and the provider's own page. Only rule ids, files and redacted previews
 * are used: nothing here can hold the secret.
 */
export interface RemediationOptions {
  /** GitHub's web origin (Config.githubServerUrl) for GitHub's own pages. Default https://github.com. */
  githubUrl?: string;
}

export function remediationMessage(review: Review, findings: FindingPayload[], requestedBy?: string, options: RemediationOptions = {}): SlackMessage {
  const githubUrl = (options.githubUrl ?? DEFAULT_GITHUB_SERVER_URL).replace(/\/+$/, '');
  const groups = new Map<string, FindingPayload[]>();
  for (const f of findings) {
    // Providers without advice of their own share the one generic section.
    const provider = providerOf(f);
    const key = provider && Object.hasOwn(advice, provider) ? provider : '';
    const list = groups.get(key) ?? [];
    list.push(f);
    groups.set(key, list);
  }
  const blocks: KnownBlock[] = [
    {
      type: 'section',
      text: mrkdwnText(
        clipMrkdwn(
          `:wrench: *How to fix* the ${findings.length} finding${findings.length === 1 ? '' : 's'} in *${inertMrkdwn(review.repository)}*` +
            (requestedBy ? ` (asked by <@${requestedBy}>)` : '') +
            '. Assume every credential below is compromised: revoking it is what protects you; rewriting history only keeps it from spreading further.',
          SLACK_LIMITS.sectionText,
        ),
      ),
    },
  ];
  const entries = [...groups.entries()].sort((a, b) => b[1].length - a[1].length);
  for (const [provider, list] of entries.slice(0, MAX_PROVIDERS)) {
    const a = adviceFor(provider || undefined);
    const where = [...new Set(list.map((f) => `${f.file}:${f.line}`))];
    const shown = where
      .slice(0, MAX_FILES_PER_PROVIDER)
      .map((w) => codeSpan(clip(w, 80)))
      .join(', ');
    const more = where.length > MAX_FILES_PER_PROVIDER ? ` and ${where.length - MAX_FILES_PER_PROVIDER} more` : '';
    const rules = [...new Set(list.map((f) => f.ruleId))].slice(0, 5).map((r) => inertMrkdwn(clip(r, 60))).join(', ');
    const revokeUrl = a.revokeUrl?.startsWith('/') ? githubUrl + a.revokeUrl : a.revokeUrl;
    const revokeLink = revokeUrl ? ` <${revokeUrl}|Open ${a.name === 'Credential' ? 'the settings' : a.name + "'s page"}>.` : '';
    const text = [
      `*${escapeMrkdwn(a.name)}* (${rules}): ${shown}${more}`,
      `1. *Revoke* it now.${revokeLink} ${escapeMrkdwn(a.revoke)}`,
      '2. *Rotate*: issue a replacement with the fewest permissions it needs, and keep it in a secret manager or CI secret, not in the repository.',
      '3. *Update* every place that uses it: CI secrets, deployment configuration, servers, teammates\' local `.env` files.',
      `4. *Check the logs* for use since the commit: ${escapeMrkdwn(a.logs)}.`,
      ...(a.note ? [`   ${escapeMrkdwn(a.note)}`] : []),
      '5. *Remove it from history*: `git filter-repo --replace-text` (or BFG), force-push, and ask collaborators to re-clone; forks and cached pull-request views may keep a copy.',
    ].join('\n');
    blocks.push({ type: 'section', text: mrkdwnText(clipMrkdwn(text, SLACK_LIMITS.sectionText)) });
  }
  if (entries.length > MAX_PROVIDERS) {
    const rest = entries.slice(MAX_PROVIDERS).map(([p]) => adviceFor(p || undefined).name);
    blocks.push({
      type: 'context',
      elements: [mrkdwnText(clipMrkdwn(`Also found: ${escapeMrkdwn(rest.join(', '))}. The same five steps apply.`, 2000))],
    });
  }
  return {
    text: `How to fix the possible secret${findings.length === 1 ? '' : 's'} in ${inertMrkdwn(review.repository)}: revoke, rotate, update, check logs, remove from history.`,
    blocks,
  };
}
