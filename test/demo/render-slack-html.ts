// Draws a Block Kit message as HTML that looks like Slack's (for the picture in the docs):
// header, sections with mrkdwn and two-column fields, buttons, context, and attachments with
// their colour bar. An approximation for documentation, not a Slack client.
import type { SlackMessage } from '../../server/slack/client.js';

type Block = Record<string, any>;

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

const emoji: Record<string, string> = {
  hourglass: '⏳',
  white_check_mark: '✅',
  no_entry: '⛔',
  no_entry_sign: '🚫',
  alarm_clock: '⏰',
  warning: '⚠️',
  bell: '🔔',
  wrench: '🔧',
};

/** Slack mrkdwn (already entity-escaped for &, <, >) → HTML. */
function mrkdwn(source: string): string {
  // `*<url|label>*` is a bold link: mark it, since the token pass below splits the asterisks off.
  const text = source.replace(/\*(<[^>]+>)\*/g, '\u0001$1\u0002');
  const pieces: string[] = [];
  // Tokens in <…> first: links, mentions, dates; the rest is text with *bold* and `code`.
  const re = /<([^>]+)>/g;
  let last = 0;
  for (let m; (m = re.exec(text)); ) {
    pieces.push(inline(text.slice(last, m.index)));
    const body = m[1]!;
    if (body.startsWith('@')) pieces.push(`<span class="mention">@${esc(body.slice(1))}</span>`);
    else if (body.startsWith('!subteam^')) pieces.push(`<span class="mention">@${esc((body.split('|')[1] ?? body.slice(9)).replace(/^@/, ''))}</span>`);
    else if (body.startsWith('!date^')) pieces.push(esc(new Date(Number(body.split('^')[1]) * 1000).toUTCString().slice(5, 22)));
    else if (body.startsWith('!')) pieces.push(`<span class="mention">@${esc(body.slice(1))}</span>`);
    else {
      const [, label] = body.split('|');
      pieces.push(`<a>${inline(label ?? body)}</a>`);
    }
    last = m.index + m[0].length;
  }
  pieces.push(inline(text.slice(last)));
  return pieces.join('').replace(/\u0001/g, '<b>').replace(/\u0002/g, '</b>');
}

function inline(s: string): string {
  // `s` holds Slack's entities already; unescape, then escape once for HTML.
  const raw = s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
  return esc(raw)
    .replace(/`([^`]+)`/g, '<code>$1</code>')
    .replace(/\*([^*\n]+)\*/g, '<b>$1</b>')
    .replace(/:([a-z_]+):/g, (m, n: string) => emoji[n] ?? m)
    .replace(/\n/g, '<br>');
}

function blocksHtml(blocks: Block[]): string {
  return blocks
    .map((b) => {
      switch (b.type) {
        case 'header':
          return `<div class="header">${esc(b.text.text)}</div>`;
        case 'section': {
          const text = b.text ? `<div class="text">${mrkdwn(b.text.text)}</div>` : '';
          const fields = b.fields ? `<div class="fields">${(b.fields as Block[]).map((f) => `<div>${mrkdwn(f.text)}</div>`).join('')}</div>` : '';
          return `<div class="section">${text}${fields}</div>`;
        }
        case 'actions':
          return `<div class="actions">${(b.elements as Block[]).map((e) => `<span class="button ${e.style ?? ''}">${esc(e.text.text)}</span>`).join('')}</div>`;
        case 'context':
          return `<div class="context">${(b.elements as Block[]).map((e) => `<span>${mrkdwn(e.text)}</span>`).join('')}</div>`;
        default:
          return '';
      }
    })
    .join('');
}

export function renderSlackHtml(message: SlackMessage, meta: { app: string; time: string }): string {
  const attachments = (message.attachments ?? [])
    .map((a) => `<div class="attachment" style="border-color:${esc(a.color ?? '#ddd')}">${blocksHtml((a.blocks ?? []) as Block[])}</div>`)
    .join('');
  return `<!DOCTYPE html><html><head><meta charset="utf-8"><style>
  body { margin: 0; background: #fff; font: 15px/1.46668 -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif; color: #1d1c1d; }
  #message { display: flex; gap: 8px; padding: 12px 20px 16px; width: 720px; }
  .avatar { width: 36px; height: 36px; border-radius: 6px; background: #4a154b; color: #fff; font-weight: 700; display: flex; align-items: center; justify-content: center; flex: none; }
  .name { font-weight: 900; } .badge { font-size: 10px; background: #e8e8e8; color: #616061; padding: 1px 3px; border-radius: 2px; margin: 0 4px; } .time { color: #616061; font-size: 12px; }
  .header { font-size: 18px; font-weight: 900; margin: 4px 0 8px; }
  .section { margin: 4px 0 8px; } .fields { display: grid; grid-template-columns: 1fr 1fr; gap: 8px 16px; }
  code { font: 12px Monaco, Menlo, Consolas, monospace; color: #e01e5a; background: #f8f8f8; border: 1px solid #e8e8e8; border-radius: 3px; padding: 1px 3px; }
  a { color: #1264a3; } .mention { color: #1264a3; background: #e8f5fa; border-radius: 3px; padding: 0 2px; font-weight: 500; }
  .actions { display: flex; gap: 8px; margin: 8px 0; flex-wrap: wrap; }
  .button { border: 1px solid #bbb; border-radius: 4px; padding: 3px 12px; font-weight: 700; font-size: 13px; }
  .button.primary { background: #007a5a; border-color: #007a5a; color: #fff; } .button.danger { background: #e01e5a; border-color: #e01e5a; color: #fff; }
  .context { color: #616061; font-size: 12px; display: flex; gap: 12px; margin: 4px 0 8px; }
  .attachment { border-left: 4px solid; padding: 0 0 0 12px; margin: 6px 0; }
  </style></head><body><div id="message"><div class="avatar">sg</div><div>
  <div><span class="name">${esc(meta.app)}</span><span class="badge">APP</span><span class="time">${esc(meta.time)}</span></div>
  ${blocksHtml((message.blocks ?? []) as Block[])}${attachments}
  </div></div></body></html>`;
}
