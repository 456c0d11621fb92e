// Block Kit for the review message, its decided form, and the reason modals of Approve and Block. Only
// redacted previews and fingerprints ever reach here: findings arrive redacted.
//
// The review message is two parts: top-level blocks (header, mentions, where and who, the
// buttons, the status) that Slack never collapses, and one attachment whose colour bar shows
// the severity (or the outcome, once decided) and which lists the findings.
import type { ActionsBlock, Button, KnownBlock, ModalView, SectionBlock } from '@slack/types';
import type { Severity } from '../../shared/severity.js';
import type { FindingPayload } from '../../shared/contract.js';
import { highestSeverity } from '../config/routing.js';
import { decisionWords } from '../reviews/wording.js';
import type { Review } from '../store/reviews.js';
import type { SlackMessage } from './client.js';
import { clip, clipMrkdwn, SLACK_LIMITS } from './limits.js';
import { DEFAULT_GITHUB_SERVER_URL } from '../config/github.js';
import { isOnGitHub } from '../github/web-urls.js';
import { githubLinks } from './links.js';
import { deciderMrkdwn } from './deciders.js';
import type { Person, ReviewPeople } from './people.js';
import { codeSpan, inertLabel, inertMrkdwn, inertText, mrkdwnText, slackDate } from './mrkdwn.js';

export const ACTION_APPROVE = 'secretgate_approve';
export const ACTION_FALSE_POSITIVE = 'secretgate_false_positive';
export const ACTION_BLOCK = 'secretgate_block';
export const ACTION_FIX = 'secretgate_fix';
export const ACTION_VIEW = 'secretgate_view';
export const APPROVE_MODAL_CALLBACK = 'secretgate_approve_reason';
export const BLOCK_MODAL_CALLBACK = 'secretgate_block_reason';
export const REASON_BLOCK = 'reason';
export const REASON_ACTION = 'reason_input';
/** Longest reason a person may type (the modal's max_length; the server clips to it too). */
export const MAX_REASON = 500;

/** Findings listed in one message; the rest are counted and linked (Slack allows 50 blocks). */
export const MAX_LISTED = 10;
/** A link longer than this is left out (the text stays): Slack's text limits are per block. */
const MAX_LINK = 600;

export const SEVERITY_COLOURS: Record<Severity, string> = {
  critical: '#8B0000',
  high: '#E01E5A',
  medium: '#ECB22E',
  low: '#1D9BD1',
};
const SEVERITY_ORDER: readonly Severity[] = ['critical', 'high', 'medium', 'low'];
const OUTCOME_COLOURS = { passed: '#2EB67D', blocked: '#4A154B', closed: '#9E9EA6' } as const;

const code = codeSpan;
const shortSha = (sha: string) => sha.slice(0, 7);
/** `<url|label>`, or the label alone when the URL is too long to be worth its characters. */
const link = (url: string, label: string) => (url.length <= MAX_LINK ? `<${url}|${label.replace(/\|/g, '¦')}>` : label);
/** Keeps both ends of a long path: the file name matters as much as where it is. */
const middle = (s: string, max: number) => (s.length <= max ? s : `${s.slice(0, Math.ceil(max / 2) - 1)}…${s.slice(s.length - Math.floor(max / 2))}`);

/** `publicUrl` is normalised by loadConfig to end in `/`; plain concatenation keeps reads cheap. */
export function reviewUrl(publicUrl: string, id: string): string {
  return `${publicUrl.endsWith('/') ? publicUrl : publicUrl + '/'}reviews/${encodeURIComponent(id)}`;
}

function statusLine(review: Review): string {
  switch (review.status) {
    case 'pending':
      return `:hourglass: Waiting for a decision until ${slackDate(review.deadlineMs)}`;
    case 'expired':
      return ':alarm_clock: *Expired*: nobody decided before the deadline. The job failed.';
    case 'cancelled':
      return ':no_entry_sign: *Cancelled*: the job was cancelled.';
    default: {
      const icon = review.status === 'rejected' ? ':no_entry:' : ':white_check_mark:';
      const reason = review.decisionReason ? `: ${inertMrkdwn(clip(review.decisionReason, 500))}` : '';
      return `${icon} *${decisionWords[review.status]}* by ${deciderMrkdwn(review)}${reason}`;
    }
  }
}

function colourOf(review: Review, severity: Severity): string {
  switch (review.status) {
    case 'pending':
      return SEVERITY_COLOURS[severity];
    case 'approved':
    case 'false_positive':
      return OUTCOME_COLOURS.passed;
    case 'rejected':
      return OUTCOME_COLOURS.blocked;
    default:
      return OUTCOME_COLOURS.closed;
  }
}

const capital = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

export interface ReviewMessageOptions {
  /** Mention markup (`<@U…>`, `<!subteam^S…>`) for the people the route names. */
  mentions?: string[];
  /** GitHub's web origin (Config.githubServerUrl): the host of every GitHub link. Default https://github.com. */
  githubUrl?: string;
  /**
   * The pusher's and the authors' Slack accounts: each one Slack does not know is marked, since
   * the self-approval guard cannot stop them deciding (absent: nothing is said either way).
   */
  people?: ReviewPeople;
}

/** What the message says of a person the guard cannot place ('' when it can): `role` is who they are. */
function unplaced(persons: readonly Person[], role: string): string {
  if (persons.some((p) => !p.checked)) return ` _(${role} not checked in Slack)_`;
  if (persons.length > 0 && persons.every((p) => p.slackUser === null)) return ` _(${role} not mapped to a Slack user)_`;
  return '';
}

function findingText(review: Review, f: FindingPayload, links: ReturnType<typeof githubLinks>): string {
  const sha = f.commit ?? review.headSha;
  const where = `*${link(links.blob(sha, f.file, f.line), `${inertLabel(middle(f.file, 150))}:${f.line}`)}*`;
  const meta = [
    f.commit ? `commit ${link(links.commit(f.commit), code(shortSha(f.commit)))}` : '',
    f.author ? `by ${inertMrkdwn(clip(f.author, 80))}` : '',
  ]
    .filter(Boolean)
    .join(' ');
  const line1 = `${where} ${findingLabel(f)}${inertMrkdwn(clip(f.description, f.kind ? 600 : 150))} (${code(clip(f.ruleId, 80))}, ${f.severity})`;
  return clipMrkdwn(`${line1}\n${code(clip(f.redacted, 80))} ${meta}`, SLACK_LIMITS.sectionText);
}

/** What an approver must know before the description: the item is no secret, or the author waved it through. */
export function findingLabel(f: FindingPayload): string {
  if (f.kind === 'unscanned') return ':warning: *Not scanned* · ';
  if (f.kind === 'config-change') return ':gear: *Scan configuration changed* · ';
  if (f.allowedInline) return ':speech_balloon: *Allowed inline by the author* · ';
  return '';
}

/**
 * The review message. `findings` may be any number: the first MAX_LISTED are shown, the rest
 * are counted with a link to the review page. Every text is clipped to Slack's limits.
 */
export function reviewMessage(review: Review, findings: FindingPayload[], publicUrl: string, options: ReviewMessageOptions = {}): SlackMessage {
  const githubUrl = options.githubUrl ?? DEFAULT_GITHUB_SERVER_URL;
  const links = githubLinks(review, githubUrl);
  const severity = highestSeverity(findings);
  const repo = inertLabel(review.repository);
  const page = reviewUrl(publicUrl, review.id);

  const fields: string[] = [`*Repository*\n${link(links.repository, repo)}`];
  if (links.ref) fields.push(`*${review.pullRequest || links.ref.label.startsWith('#') ? 'Pull request' : 'Branch'}*\n${link(links.ref.url, inertLabel(clip(links.ref.label, 200)))}`);
  fields.push(`*Commit*\n${link(links.commit(review.headSha), code(shortSha(review.headSha)))}`);
  if (review.actor) {
    const note = options.people?.pusher ? unplaced([options.people.pusher], 'pusher') : '';
    fields.push(`*Pushed by*\n${link(links.user(review.actor), inertLabel(clip(review.actor, 100)))}${note}`);
  }
  const authors = [...new Set(findings.map((f) => f.author ?? f.authorEmail).filter((a): a is string => !!a))];
  if (authors.length > 0) {
    const note = (name: string) => (options.people ? unplaced(options.people.authors.filter((p) => p.name === name), 'author') : '');
    const shown = authors.slice(0, 3).map((a) => `${inertMrkdwn(clip(a, 80))}${note(a)}`);
    fields.push(`*Commit author${authors.length === 1 ? '' : 's'}*\n${shown.join(', ')}${authors.length > 3 ? ` +${authors.length - 3}` : ''}`);
  }
  fields.push(`*Severity*\n${capital(severity)}`);
  // Checked at creation; a review stored before that check, or with another host since, gets no link.
  if (review.runUrl && isOnGitHub(review.runUrl, githubUrl)) fields.push(`*Run*\n${link(review.runUrl, 'workflow run')}`);

  const n = review.findingCount;
  const title = `${review.status === 'pending' ? capital(severity) + ': ' : ''}${n} possible secret${n === 1 ? '' : 's'} in ${inertText(review.repository)}`;
  const blocks: KnownBlock[] = [{ type: 'header', text: { type: 'plain_text', text: clip(title, SLACK_LIMITS.headerText), emoji: true } }];
  const mentions = review.status === 'pending' ? (options.mentions ?? []) : [];
  if (mentions.length > 0) {
    blocks.push({ type: 'section', text: mrkdwnText(clipMrkdwn(`${mentions.join(' ')} please review.`, SLACK_LIMITS.sectionText)) });
  }
  blocks.push({
    type: 'section',
    fields: fields.slice(0, SLACK_LIMITS.sectionFields).map((text) => mrkdwnText(clipMrkdwn(text, SLACK_LIMITS.sectionFieldText))),
  });

  const fix: Button = { type: 'button', action_id: ACTION_FIX, text: { type: 'plain_text', text: 'Fix instructions' }, value: review.id };
  const view: Button = { type: 'button', action_id: ACTION_VIEW, text: { type: 'plain_text', text: 'View details' }, url: page };
  const elements: ActionsBlock['elements'] =
    review.status === 'pending'
      ? [
          { type: 'button', action_id: ACTION_APPROVE, text: { type: 'plain_text', text: 'Approve' }, style: 'primary', value: review.id },
          { type: 'button', action_id: ACTION_FALSE_POSITIVE, text: { type: 'plain_text', text: 'False positive' }, value: review.id },
          {
            type: 'button',
            action_id: ACTION_BLOCK,
            text: { type: 'plain_text', text: 'Block' },
            style: 'danger',
            value: review.id,
            confirm: {
              title: { type: 'plain_text', text: 'Block this push?' },
              text: { type: 'plain_text', text: 'The job fails. Then revoke the credential and remove it from history (see Fix instructions).' },
              confirm: { type: 'plain_text', text: 'Block' },
              deny: { type: 'plain_text', text: 'Back' },
              style: 'danger',
            },
          },
          fix,
          view,
        ]
      : [fix, view];
  // The block_id changes with the status, as Slack asks for a message that is updated.
  blocks.push({ type: 'actions', block_id: `review:${review.id}:${review.status}`.slice(0, SLACK_LIMITS.blockId), elements });
  blocks.push({
    type: 'context',
    elements: [
      mrkdwnText(statusLine(review)),
      mrkdwnText(`<${page}|Review ${review.id}>`),
    ],
  });

  // The most severe first: those are the ones listed when there are more than fit.
  const bySeverity = [...findings].sort((a, b) => SEVERITY_ORDER.indexOf(a.severity) - SEVERITY_ORDER.indexOf(b.severity));
  const listed: KnownBlock[] = bySeverity.slice(0, MAX_LISTED).map((f): SectionBlock => ({ type: 'section', text: mrkdwnText(findingText(review, f, links)) }));
  if (findings.length > MAX_LISTED) {
    listed.push({
      type: 'context',
      elements: [mrkdwnText(`…and ${findings.length - MAX_LISTED} more on <${page}|the review page>.`)],
    });
  }
  const mentionText = mentions.length > 0 ? `${mentions.join(' ')} ` : '';
  return {
    text: clipMrkdwn(`${mentionText}${decisionWords[review.status]}: ${n} possible secret${n === 1 ? '' : 's'} in ${inertMrkdwn(review.repository)}`, SLACK_LIMITS.messageText),
    blocks,
    attachments: listed.length > 0 ? [{ color: colourOf(review, severity), blocks: listed, fallback: `${n} finding(s)` }] : [],
  };
}

/** The two buttons that ask why before they decide, and what each asks. */
const REASON_MODALS = {
  approved: {
    callbackId: APPROVE_MODAL_CALLBACK,
    title: 'Approve secret',
    submit: 'Approve',
    explain: (repo: string, n: number) =>
      `Approving lets the push to *${repo}* pass with ${n} finding(s). The same secrets will be approved automatically next time.`,
    label: 'Why is this acceptable?',
  },
  rejected: {
    callbackId: BLOCK_MODAL_CALLBACK,
    title: 'Block push',
    submit: 'Block',
    explain: (repo: string, n: number) =>
      `Blocking fails the job for the push to *${repo}* with ${n} finding(s). Then revoke the credential and remove it from history (see Fix instructions).`,
    label: 'Why is this push blocked?',
  },
} as const;

export type ReasonedDecision = keyof typeof REASON_MODALS;

/** The decision a reason modal's callback ID stands for, or undefined for a view not ours. */
export function decisionOfModal(callbackId: unknown): ReasonedDecision | undefined {
  return (Object.keys(REASON_MODALS) as ReasonedDecision[]).find((d) => REASON_MODALS[d].callbackId === callbackId);
}

/** The modal Approve and Block open: it asks why, and its submission decides. */
export function reasonModal(review: Review, decision: ReasonedDecision): ModalView {
  const m = REASON_MODALS[decision];
  return {
    type: 'modal',
    callback_id: m.callbackId,
    private_metadata: review.id,
    title: { type: 'plain_text', text: m.title },
    submit: { type: 'plain_text', text: m.submit },
    close: { type: 'plain_text', text: 'Cancel' },
    blocks: [
      {
        type: 'section',
        text: mrkdwnText(clipMrkdwn(m.explain(inertMrkdwn(review.repository), review.findingCount), SLACK_LIMITS.sectionText)),
      },
      {
        type: 'input',
        block_id: REASON_BLOCK,
        label: { type: 'plain_text', text: m.label },
        element: { type: 'plain_text_input', action_id: REASON_ACTION, multiline: true, min_length: 3, max_length: MAX_REASON },
      },
    ],
  };
}

export const approvalModal = (review: Review): ModalView => reasonModal(review, 'approved');
export const blockModal = (review: Review): ModalView => reasonModal(review, 'rejected');

export const helpText = [
  '*secretgate* holds pushes that contain possible secrets until an approver decides.',
  '• `/secretgate pending`: reviews waiting for a decision',
  '• `/secretgate status &lt;review&gt;`: one review, its findings and its decision',
  '• `/secretgate audit &lt;review&gt;`: the audit trail of one review',
  '• `/secretgate digest`: the numbers of the last 24 hours, now',
  '• `/secretgate help`: this text',
  'All but `help` answer approvers only. On a review message: *Approve* and *Block* (each asks for a reason), *False positive*, *Fix instructions* (posted in the thread) and *View details*.',
].join('\n');
