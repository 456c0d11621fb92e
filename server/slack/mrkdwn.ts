// Escaping for Slack's mrkdwn, in a module of its own so the store can use it without importing
// the message builders (which import the store).
import { isUserId } from '../config/slack-ids.js';

/**
 * Escapes the three characters Slack's mrkdwn treats as control characters, so text someone
 * typed cannot become a mention (`<!channel>`), a link or a user reference.
 */
export function escapeMrkdwn(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** U+2060 WORD JOINER: invisible, and it ends the word Slack's auto-linker was reading. */
const WJ = '\u2060';

/**
 * Text someone else wrote (the pusher: repository, branch, path, author, rule, description,
 * preview; an approver's reason), made inert for mrkdwn: escaped, so `<!channel>`, `<@U…>` and
 * `<url|label>` stay text, and broken with a word joiner wherever Slack would auto-link or
 * auto-mention plain text: `@here`, `scheme://`, a bare domain (`evil.example`), `#channel`.
 * `verbatim: true` (mrkdwnText) stops that auto-parsing in blocks; a message's top-level `text`
 * (thread replies, ephemerals, command answers, notifications) has no such switch.
 */
export function inertMrkdwn(s: string): string {
  return inertText(escapeMrkdwn(s));
}

/** inertMrkdwn without the escaping, for plain_text (which shows `&amp;` as it is). */
export function inertText(s: string): string {
  return breakMentions(s)
    .replace(/\.(?=[A-Za-z0-9])/g, `.${WJ}`)
    .replace(/#(?=\w)/g, `#${WJ}`);
}

/**
 * Someone else's text where Slack links nothing by itself: a code span, or the label of a link
 * we build. Escaped and with `@word` and `scheme://` broken, but its dots left alone, so a file
 * path copied out of Slack is still the path (no invisible character in `settings.yml`).
 */
export function inertLabel(s: string): string {
  return breakMentions(escapeMrkdwn(s));
}

/** A code span of someone else's text (a backtick in it would end the span early). */
export function codeSpan(s: string): string {
  return '`' + inertLabel(s).replace(/`/g, "'") + '`';
}

function breakMentions(s: string): string {
  return s.replace(/@(?=\w)/g, `@${WJ}`).replace(/:\/\//g, `:${WJ}//`);
}

/**
 * A mrkdwn text object that Slack shows as written: no auto-linking of URLs or channel names,
 * no auto-parsed mentions. Our own `<url|label>`, `<@U…>` and `<!date…>` still work.
 */
export function mrkdwnText(text: string): { type: 'mrkdwn'; text: string; verbatim: true } {
  return { type: 'mrkdwn', text, verbatim: true };
}

/**
 * Who did something, in plain words (no markup), for a page or a commit status: an API principal
 * reads as the job it speaks for (`token:1a2b…` → "the job (token 1a2b…)", `oidc:o/r` → "the job
 * (OIDC, o/r)"); anything else (a Slack user ID, a name) is itself, cut at 120 characters.
 */
export function actorText(actor: string): string {
  const principal = /^(token|oidc):(.+)$/.exec(actor);
  const cut = (s: string) => (s.length > 120 ? `${s.slice(0, 119)}…` : s);
  if (principal) return `the job (${principal[1] === 'token' ? 'token' : 'OIDC,'} ${cut(principal[2]!)})`;
  return cut(actor);
}

/**
 * Who did something, as mrkdwn: a Slack user ID (`U…`, `W…`) becomes a mention; anyone else is
 * actorText's words, made inert. Never a mention of a non-user.
 */
export function actorMrkdwn(actor: string): string {
  if (isUserId(actor)) return `<@${actor}>`;
  return inertMrkdwn(actorText(actor));
}

/**
 * A time as Slack's date token: each reader sees it in their own time zone ("today at 14:05",
 * "Nov 30 at 06:16"); clients that cannot format it show the UTC fallback ("2026-11-30 06:16 UTC").
 * Syntax: `<!date^UNIX_SECONDS^FORMAT|FALLBACK>`.
 */
export function slackDate(ms: number): string {
  return `<!date^${Math.floor(ms / 1000)}^{date_short_pretty} at {time}|${utcMinute(ms)}>`;
}

/** `2026-11-30 06:16 UTC`: the fallback of slackDate. */
export function utcMinute(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}
