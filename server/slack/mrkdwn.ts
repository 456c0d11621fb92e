// Escaping for Slack's mrkdwn, in a module of its own so the store can use it without importing
// the message builders (which import the store).

/**
 * Escapes the three characters Slack's mrkdwn treats as control characters, so text someone
 * typed cannot become a mention (`<!channel>`), a link or a user reference.
 */
export function escapeMrkdwn(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

const SLACK_USER_ID = /^[UW][A-Z0-9]{2,}$/;

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
 * actorText's words, escaped. Never a mention of a non-user.
 */
export function actorMrkdwn(actor: string): string {
  if (SLACK_USER_ID.test(actor)) return `<@${actor}>`;
  return escapeMrkdwn(actorText(actor));
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
