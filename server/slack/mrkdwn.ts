// Escaping for Slack's mrkdwn, in a module of its own so the store can use it without importing
// the message builders (which import the store).

/**
 * Escapes the three characters Slack's mrkdwn treats as control characters, so text someone
 * typed cannot become a mention (`<!channel>`), a link or a user reference.
 */
export function escapeMrkdwn(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
