// The helpers that make someone else's text inert in Slack: what each keeps and what it breaks.
import { describe, expect, it } from 'vitest';
import { codeSpan, inertLabel, inertMrkdwn, inertText, mrkdwnText } from '../../../server/slack/mrkdwn.js';

const WJ = '\u2060';

describe('inert text for Slack', () => {
  it.each([
    ['<!channel> & <@U1>', `&lt;!channel&gt; &amp; &lt;@${WJ}U1&gt;`],
    ['@here please', `@${WJ}here please`],
    ['see https://evil.example/approve', `see https:${WJ}//evil.${WJ}example/approve`],
    ['www.evil.example', `www.${WJ}evil.${WJ}example`],
    ['mail mona@acme.example', `mail mona@${WJ}acme.${WJ}example`],
    ['join #general', `join #${WJ}general`],
    ['plain words, v1 and 2.', 'plain words, v1 and 2.'],
  ])('inertMrkdwn(%j) is %j', (input, output) => {
    expect(inertMrkdwn(input)).toBe(output);
  });

  it('keeps dots and # in labels and code spans, where Slack links nothing, so a copied path is the path', () => {
    expect(inertLabel('config/settings.yml #7')).toBe('config/settings.yml #7');
    expect(inertLabel('<https://evil.example|x> @here')).toBe(`&lt;https:${WJ}//evil.example|x&gt; @${WJ}here`);
    expect(codeSpan('a`b <!here>.py')).toBe("`a'b &lt;!here&gt;.py`");
  });

  it('does not escape plain_text, which shows entities as they are, but still breaks links and mentions', () => {
    expect(inertText('a & b @here evil.example')).toBe(`a & b @${WJ}here evil.${WJ}example`);
  });

  it('marks every mrkdwn text object verbatim', () => {
    expect(mrkdwnText('*x*')).toEqual({ type: 'mrkdwn', text: '*x*', verbatim: true });
  });
});
