// `/secretgate pending | status <review> | audit <review> | digest | help`, answered
// ephemerally. `help` answers anyone; the rest reveal reviews, so they answer approvers only:
// status and audit need an approver of that review, pending lists the reviews the caller may
// decide, digest needs an approver of any route. Refusals are audit events.
import type { KnownBlock } from '@slack/types';
import type { AppDeps } from '../http/deps.js';
import { approverGroups } from '../config/routing.js';
import { isUserId } from '../config/slack-ids.js';
import { auditNoise } from '../http/audit-noise.js';
import { auditEventsOfReview } from '../store/audit.js';
import { digestStats, findReview } from '../store/insights.js';
import { decisionWords } from '../reviews/wording.js';
import { getFindings, listPending, type Review } from '../store/reviews.js';
import { destinationOf } from './audience.js';
import { digestMessage } from '../timers/digest.js';
import { clip, clipMrkdwn, SLACK_LIMITS } from './limits.js';
import { helpText, reviewUrl } from './messages.js';
import { deciderMrkdwn } from './deciders.js';
import { codeSpan, inertLabel, inertMrkdwn, slackDate } from './mrkdwn.js';

export interface SlashCommand {
  userId: string;
  channelId: string | null;
  text: string;
}

export interface CommandReply {
  response_type: 'ephemeral';
  text: string;
  blocks?: KnownBlock[];
}

/** Slack wants an answer within 3 s; a slow group lookup must not make us miss it. */
const AUTHORIZE_BUDGET_MS = 2000;
/** An ephemeral answer is kept within one section's limit so it is never cut by Slack. */
const MAX_REPLY = SLACK_LIMITS.sectionText;

const reply = (text: string): CommandReply => ({ response_type: 'ephemeral', text: clipMrkdwn(text, MAX_REPLY) });

/** Every approver check of one command shares one budget (Date.now() ms by which to answer). */
type Deadline = number;

/** An approver check's answer: yes, no, or not known within the budget (a slow group lookup). */
type Checked = boolean | 'timed_out';

function within(deps: AppDeps, deadline: Deadline, work: Promise<boolean>): Promise<Checked> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<Checked>((resolve) => {
    timer = setTimeout(() => {
      deps.logger.warn('approver check took too long; the command answers with what it knows');
      resolve('timed_out');
    }, Math.max(0, deadline - Date.now()));
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

function mayDecide(deps: AppDeps, deadline: Deadline, userId: string, review: Review): Promise<Checked> {
  const { approvers } = destinationOf(deps.db, deps.config.routing, review);
  return within(deps, deadline, deps.policy.isApprover(userId, review.repository, approvers));
}

/** An approver of the defaults or of any route. */
async function isAnyApprover(deps: AppDeps, deadline: Deadline, userId: string): Promise<Checked> {
  const policy = deps.config.routing;
  const sets = [policy.defaults.approvers, ...policy.routes.flatMap((r) => (r.approvers ? [r.approvers] : []))];
  if (sets.some((s) => s.users.includes(userId))) return true;
  const groups = approverGroups(policy);
  if (groups.length === 0) return false;
  return within(deps, deadline, deps.policy.isApprover(userId, '', { users: [], groups }));
}

function refused(deps: AppDeps, cmd: SlashCommand, sub: string, reviewId: string | null, why: string): CommandReply {
  // Anyone in the workspace can repeat a command at will: refusals go through the throttle.
  if (auditNoise(deps, { type: 'slack.command_refused', reviewId, actor: cmd.userId, data: { command: sub, reason: why } })) {
    deps.logger.info('slash command refused', { user: cmd.userId, command: sub, reason: why });
  }
  // One wording whether or not the review exists, so a refusal cannot be used to probe IDs.
  return reply(`Only secretgate approvers can use \`/secretgate ${sub}\`. Try \`/secretgate help\`.`);
}

/** The approver check outlasted Slack's 3 s: say so rather than refuse someone who may be one. */
function notCheckedInTime(deps: AppDeps, cmd: SlashCommand, sub: string, reviewId: string | null): CommandReply {
  auditNoise(deps, { type: 'slack.command_refused', reviewId, actor: cmd.userId, data: { command: sub, reason: 'approver check timed out' } });
  return reply(
    `secretgate could not check in time whether you are an approver (Slack was slow to list the approver group's members). Nothing was shown; try \`/secretgate ${sub}\` again in a moment.`,
  );
}

function statusText(deps: AppDeps, review: Review): string {
  const findings = getFindings(deps.db, review.id);
  const decided =
    review.status === 'pending'
      ? `waiting for a decision until ${slackDate(review.deadlineMs)}`
      : `${decisionWords[review.status]} by ${deciderMrkdwn(review)}${review.decidedAt ? ` ${slackDate(Date.parse(review.decidedAt))}` : ''}${review.decisionReason ? `: ${inertMrkdwn(clip(review.decisionReason, 300))}` : ''}`;
  const lines = findings
    .slice(0, 10)
    .map((f) => `• ${codeSpan(`${clip(f.file, 120)}:${f.line}`)} ${inertMrkdwn(clip(f.description, 80))} (${f.severity}) ${codeSpan(clip(f.redacted, 60))}`);
  const more = findings.length > 10 ? `\n…and ${findings.length - 10} more on the review page.` : '';
  return [
    `*<${reviewUrl(deps.config.publicUrl, review.id)}|Review ${review.id}>*: ${inertMrkdwn(review.repository)}${review.ref ? ` ${codeSpan(clip(review.ref, 100))}` : ''} at \`${review.headSha.slice(0, 7)}\`${review.actor ? `, pushed by ${inertMrkdwn(clip(review.actor, 60))}` : ''}`,
    `*Status*: ${decided}`,
    `*Findings* (${review.findingCount}):`,
    ...lines,
  ].join('\n') + more;
}

function auditText(deps: AppDeps, review: Review): string {
  const events = auditEventsOfReview(deps.db, review.id);
  const shown = events.slice(-25);
  const lines = shown.map((e) => {
    const actor = e.actor && isUserId(e.actor) ? `<@${e.actor}>` : inertMrkdwn(clip(e.actor ?? '-', 60));
    const d = e.data as Record<string, unknown>;
    const detail = [d['decision'], d['reason']].filter((x) => typeof x === 'string').map((x) => inertMrkdwn(clip(String(x), 80))).join(': ');
    return `• ${slackDate(Date.parse(e.at))} \`${e.type}\` ${actor}${detail ? ` (${detail})` : ''} #${e.seq}`;
  });
  const head = events.length > shown.length ? `(last ${shown.length} of ${events.length})` : `(${events.length} event${events.length === 1 ? '' : 's'})`;
  return [`*Audit trail of review ${review.id}* ${head}`, ...lines, '_`secretgate audit verify` checks the whole chain._'].join('\n');
}

export async function runSlashCommand(deps: AppDeps, cmd: SlashCommand): Promise<CommandReply> {
  const deadline: Deadline = Date.now() + AUTHORIZE_BUDGET_MS;
  const words = cmd.text.trim().split(/\s+/).filter(Boolean);
  const sub = (words[0] ?? 'help').toLowerCase();
  switch (sub) {
    case 'help':
      return reply(helpText);
    case 'status':
    case 'audit': {
      const typed = words[1];
      if (!typed) return reply(`Usage: \`/secretgate ${sub} &lt;review ID or link&gt;\``);
      const found = findReview(deps.db, typed);
      // Unknown and not-allowed look alike to a non-approver: the answer is no oracle.
      if (found.kind !== 'found') {
        const approver = await isAnyApprover(deps, deadline, cmd.userId);
        if (approver === 'timed_out') return notCheckedInTime(deps, cmd, sub, null);
        if (!approver) return refused(deps, cmd, sub, null, 'not an approver');
        return reply(found.kind === 'ambiguous' ? `More than one review starts with ${codeSpan(clip(typed, 40))}; give more of the ID.` : `No review ${codeSpan(clip(typed, 40))}.`);
      }
      const may = await mayDecide(deps, deadline, cmd.userId, found.review);
      if (may === 'timed_out') return notCheckedInTime(deps, cmd, sub, found.review.id);
      if (!may) return refused(deps, cmd, sub, found.review.id, 'not an approver of this review');
      return reply(sub === 'status' ? statusText(deps, found.review) : auditText(deps, found.review));
    }
    case 'pending': {
      const approver = await isAnyApprover(deps, deadline, cmd.userId);
      if (approver === 'timed_out') return notCheckedInTime(deps, cmd, sub, null);
      if (!approver) return refused(deps, cmd, sub, null, 'not an approver');
      const mine: Review[] = [];
      for (const r of listPending(deps.db, 200)) {
        // Past the budget, answer with what is known rather than miss Slack's 3 seconds.
        if (Date.now() >= deadline) break;
        const may = await mayDecide(deps, deadline, cmd.userId, r);
        if (may === 'timed_out') break;
        if (may) mine.push(r);
        if (mine.length === 20) break;
      }
      if (mine.length === 0) return reply('No reviews are waiting for a decision.');
      const lines = mine.map(
        (r) =>
          `• <${reviewUrl(deps.config.publicUrl, r.id)}|${inertLabel(clip(r.repository, 80))}> ${r.findingCount} finding(s), ` +
          `deadline ${slackDate(r.deadlineMs)} (\`${r.id.slice(0, 8)}\`)`,
      );
      return reply(`*${mine.length} review(s) waiting for a decision*${mine.length === 20 ? ' (first 20)' : ''}\n${lines.join('\n')}`);
    }
    case 'digest': {
      const approver = await isAnyApprover(deps, deadline, cmd.userId);
      if (approver === 'timed_out') return notCheckedInTime(deps, cmd, sub, null);
      if (!approver) return refused(deps, cmd, sub, null, 'not an approver');
      const now = deps.now();
      const stats = digestStats(deps.db, now - 24 * 3600_000, now);
      const m = digestMessage(stats, deps.config.publicUrl);
      return { response_type: 'ephemeral', text: clip(m.text, MAX_REPLY), ...(m.blocks ? { blocks: m.blocks } : {}) };
    }
    default:
      return reply(`Unknown subcommand '${inertMrkdwn(sub.slice(0, 40))}'.\n${helpText}`);
  }
}
