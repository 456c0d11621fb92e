// Renders a Block Kit message as a person would read it in Slack, in a terminal.

export interface Style {
  bold(s: string): string;
  dim(s: string): string;
  code(s: string): string;
  button(s: string, style?: string): string;
  /** A link's label, as Slack shows it (the URL is behind it). */
  link(s: string): string;
}

export const ansi: Style = {
  bold: (s) => `\x1b[1m${s}\x1b[22m`,
  dim: (s) => `\x1b[2m${s}\x1b[22m`,
  code: (s) => `\x1b[36m${s}\x1b[39m`,
  button: (s, style) => `${style === 'primary' ? '\x1b[42;30m' : style === 'danger' ? '\x1b[41;37m' : '\x1b[47;30m'} ${s} \x1b[0m`,
  link: (s) => `\x1b[4;34m${s}\x1b[24;39m`,
};

export const plain: Style = {
  bold: (s) => s,
  dim: (s) => s,
  code: (s) => s,
  button: (s) => `[ ${s} ]`,
  link: (s) => s,
};

const emoji: Record<string, string> = {
  hourglass: '⏳',
  white_check_mark: '✅',
  no_entry: '⛔',
  no_entry_sign: '🚫',
  alarm_clock: '⏰',
  warning: '⚠️',
  wrench: '🔧',
  bell: '🔔',
};

/** Slack mrkdwn → terminal text: bold, code, links, mentions, dates, emoji codes. */
export function mrkdwn(text: string, style: Style): string {
  return text
    .replace(/<!date\^\d+\^[^|>]*\|([^>]*)>/g, (_m, fallback: string) => fallback)
    .replace(/<@(\w+)>/g, (_m, id: string) => style.bold(`@${id}`))
    .replace(/<!subteam\^(\w+)>/g, (_m, id: string) => style.bold(`@${id}`))
    .replace(/<!(here|channel|everyone)>/g, (_m, who: string) => style.bold(`@${who}`))
    .replace(/<([^|>]+)\|([^>]+)>/g, (_m, _url: string, label: string) => style.link(label))
    .replace(/<([^>]+)>/g, '$1')
    .replace(/`([^`]+)`/g, (_m, c: string) => style.code(c))
    .replace(/\*([^*\n]+)\*/g, (_m, b: string) => style.bold(b))
    .replace(/:([a-z_]+):/g, (m, name: string) => emoji[name] ?? m)
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

type Block = Record<string, any>;

/** The arguments of chat.postMessage / chat.update: blocks, attachments (with their own blocks), text. */
export interface MessageArgs {
  text?: unknown;
  blocks?: unknown;
  attachments?: unknown;
}

export function renderMessage(args: MessageArgs, style: Style): string[] {
  const blocks = Array.isArray(args.blocks) ? (args.blocks as Block[]) : [];
  const attached = Array.isArray(args.attachments)
    ? (args.attachments as Block[]).flatMap((a) => (Array.isArray(a.blocks) ? (a.blocks as Block[]) : []))
    : [];
  if (blocks.length + attached.length === 0) return [mrkdwn(String(args.text ?? ''), style)];
  // Slack shows attachments below the message's own blocks, with a coloured bar.
  return [...renderBlocks(blocks, style), ...renderBlocks(attached, style).map((l) => `▌ ${l}`)];
}

function renderBlocks(blocks: readonly Block[], style: Style): string[] {
  const lines: string[] = [];
  for (const b of blocks) {
    switch (b.type) {
      case 'header':
        lines.push(style.bold(b.text?.text ?? ''), '');
        break;
      case 'section':
        if (b.text) lines.push(...mrkdwn(b.text.text ?? '', style).split('\n'));
        if (b.fields) {
          for (const f of b.fields as Block[]) {
            const [label, ...rest] = mrkdwn(f.text ?? '', style).split('\n');
            lines.push(`${label}: ${rest.join(' ')}`);
          }
        }
        lines.push('');
        break;
      case 'context':
        lines.push(style.dim((b.elements as Block[]).map((e) => mrkdwn(e.text ?? '', style)).join('  ')));
        break;
      case 'actions':
        lines.push('', (b.elements as Block[]).map((e) => style.button(e.text?.text ?? '', e.style)).join('  '), '');
        break;
      case 'divider':
        lines.push('────────');
        break;
      case 'input':
        // A modal's text field: its label, then the box a person types into.
        lines.push(style.bold((b as { label?: { text?: string } }).label?.text ?? ''), '[ ______________________________ ]', '');
        break;
    }
  }
  return lines;
}

/** A workflow command line as the runner's log shows it (`::error file=a,line=2::msg`). */
export function renderWorkflowCommand(line: string): string | undefined {
  if (line.startsWith('::add-mask::')) return undefined; // the runner consumes it
  const m = /^::(\w+)(?: ([^:]*))?::(.*)$/.exec(line);
  if (!m) return line;
  const [, command, props = '', message] = m;
  const decode = (s: string) => s.replace(/%0A/g, '\n').replace(/%0D/g, '\r').replace(/%3A/g, ':').replace(/%2C/g, ',').replace(/%25/g, '%');
  const attrs = Object.fromEntries(props.split(',').filter(Boolean).map((p) => p.split('=')).map(([k, v]) => [k, decode(v ?? '')]));
  const where = attrs.file ? ` (${attrs.file}${attrs.line ? `:${attrs.line}` : ''})` : '';
  if (command === 'error') return `Error: ${decode(message!)}${where}`;
  if (command === 'warning') return `Warning: ${decode(message!)}${where}`;
  if (command === 'notice') return `Notice: ${decode(message!)}${where}`;
  if (command === 'debug' || command === 'group' || command === 'endgroup') return undefined;
  return line;
}
