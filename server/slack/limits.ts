// Slack's Block Kit limits, in one place, with a checker that tests run over every message the
// server can build. Slack refuses a message that breaks one (`invalid_blocks`), so the builders
// clip text to these numbers rather than trusting the data they are given.
//
// Sources (Block Kit reference, docs.slack.dev/reference/block-kit):
// - blocks: "You can include up to 50 blocks in each message, and 100 blocks in modals or
//   Home tabs." (reference/block-kit/blocks)
// - section: text "maximum length is 3000 characters"; fields "Maximum number of items is 10.
//   Maximum length for the text in each item is 2000 characters." (blocks/section-block)
// - header: "Maximum length for the text in this field is 150 characters." (blocks/header-block)
// - context: elements "Maximum number of items is 10." (blocks/context-block)
// - actions: "There is a maximum of 25 elements in each action block." (blocks#actions)
// - button: text "Maximum length … is 75 characters"; action_id 255; url 3000; value 2000
//   (block-elements/button-element)
// - confirmation dialog: title 100, text 300, confirm 30, deny 30
//   (composition-objects/confirmation-dialog-object)
// - block_id: "Maximum length for this field is 255 characters." (every block)
// - modal view: title, submit and close "max length of 24 characters"; private_metadata 3000;
//   callback_id 255 (reference/views/modal-views)
// - input block: label 2000; plain_text_input: min_length 0–3000, max_length 1–3000,
//   placeholder 150 (blocks/input-block, block-elements/plain-text-input-element)
// - Slack also answers `msg_blocks_too_long` for a message whose blocks hold roughly 13,000
//   characters in all, below every documented per-field limit (slackapi/bolt-js#2509), so the
//   checker also bounds the total text of one message with a margin.

export const SLACK_LIMITS = {
  blocksPerMessage: 50,
  blocksPerModal: 100,
  sectionText: 3000,
  sectionFields: 10,
  sectionFieldText: 2000,
  headerText: 150,
  contextElements: 10,
  actionsElements: 25,
  buttonText: 75,
  buttonUrl: 3000,
  buttonValue: 2000,
  actionId: 255,
  blockId: 255,
  confirmTitle: 100,
  confirmText: 300,
  confirmButton: 30,
  modalTitle: 24,
  modalButton: 24,
  privateMetadata: 3000,
  callbackId: 255,
  inputLabel: 2000,
  inputPlaceholder: 150,
  plainTextInputLength: 3000,
  /** Below the ~13,000 characters at which Slack answers msg_blocks_too_long. */
  totalBlockText: 12_000,
  /** chat.postMessage truncates `text` past 40,000 characters; we keep it far shorter. */
  messageText: 4000,
} as const;

/** Cuts `s` to at most `max` characters, ending with an ellipsis when it cut. */
export function clip(s: string, max: number): string {
  if (s.length <= max) return s;
  return s.slice(0, Math.max(0, max - 1)) + '…';
}

/**
 * Cuts mrkdwn text without breaking an entity (`&amp;`) or a link/mention (`<…>`) in two:
 * a half link renders as garbage, a half entity as a stray `&`.
 */
export function clipMrkdwn(s: string, max: number): string {
  if (s.length <= max) return s;
  let cut = s.slice(0, Math.max(0, max - 1));
  const open = cut.lastIndexOf('<');
  if (open > cut.lastIndexOf('>')) cut = cut.slice(0, open);
  const amp = cut.lastIndexOf('&');
  if (amp > cut.lastIndexOf(';')) cut = cut.slice(0, amp);
  return cut + '…';
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const textOf = (v: unknown): string => (isObj(v) && typeof v['text'] === 'string' ? v['text'] : '');

/** A message as chat.postMessage takes it: top-level blocks and/or attachments with blocks. */
export interface CheckedMessage {
  text?: string;
  blocks?: unknown[];
  attachments?: { color?: string; blocks?: unknown[] }[];
}

/**
 * Every way `message` breaks a Slack limit, as readable strings (empty when it is fine).
 * `surface: 'modal'` checks a view's blocks against the modal limit instead.
 */
export function slackLimitViolations(message: CheckedMessage, surface: 'message' | 'modal' = 'message'): string[] {
  const problems: string[] = [];
  const all: unknown[] = [...(message.blocks ?? []), ...(message.attachments ?? []).flatMap((a) => a.blocks ?? [])];
  const maxBlocks = surface === 'modal' ? SLACK_LIMITS.blocksPerModal : SLACK_LIMITS.blocksPerMessage;
  if (all.length > maxBlocks) problems.push(`${all.length} blocks (limit ${maxBlocks})`);
  if ((message.text ?? '').length > SLACK_LIMITS.messageText) {
    problems.push(`message text of ${message.text!.length} characters (limit ${SLACK_LIMITS.messageText})`);
  }
  let total = 0;
  const over = (where: string, s: string, max: number) => {
    total += s.length;
    if (s.length > max) problems.push(`${where}: ${s.length} characters (limit ${max})`);
  };
  const empty = (where: string, s: string) => {
    if (s.trim().length === 0) problems.push(`${where}: empty text`);
  };
  const blockIds = new Set<string>();
  all.forEach((b, i) => {
    const where = `block ${i}`;
    if (!isObj(b)) return void problems.push(`${where}: not an object`);
    if (typeof b['block_id'] === 'string') {
      over(`${where} block_id`, b['block_id'], SLACK_LIMITS.blockId);
      if (blockIds.has(b['block_id'])) problems.push(`${where}: duplicate block_id ${b['block_id']}`);
      blockIds.add(b['block_id']);
    }
    switch (b['type']) {
      case 'header': {
        const t = textOf(b['text']);
        empty(`${where} header`, t);
        over(`${where} header`, t, SLACK_LIMITS.headerText);
        if (isObj(b['text']) && b['text']['type'] !== 'plain_text') problems.push(`${where}: header text must be plain_text`);
        break;
      }
      case 'section': {
        const fields = Array.isArray(b['fields']) ? b['fields'] : [];
        if (!b['text'] && fields.length === 0) problems.push(`${where}: section without text or fields`);
        if (b['text']) {
          empty(`${where} section`, textOf(b['text']));
          over(`${where} section`, textOf(b['text']), SLACK_LIMITS.sectionText);
        }
        if (fields.length > SLACK_LIMITS.sectionFields) problems.push(`${where}: ${fields.length} fields (limit ${SLACK_LIMITS.sectionFields})`);
        fields.forEach((f, j) => over(`${where} field ${j}`, textOf(f), SLACK_LIMITS.sectionFieldText));
        if (isObj(b['accessory'])) checkElement(`${where} accessory`, b['accessory'], over, problems);
        break;
      }
      case 'context': {
        const els = Array.isArray(b['elements']) ? b['elements'] : [];
        if (els.length === 0) problems.push(`${where}: context without elements`);
        if (els.length > SLACK_LIMITS.contextElements) problems.push(`${where}: ${els.length} context elements (limit ${SLACK_LIMITS.contextElements})`);
        els.forEach((e, j) => {
          empty(`${where} element ${j}`, textOf(e));
          over(`${where} element ${j}`, textOf(e), SLACK_LIMITS.sectionText);
        });
        break;
      }
      case 'actions': {
        const els = Array.isArray(b['elements']) ? b['elements'] : [];
        if (els.length === 0) problems.push(`${where}: actions without elements`);
        if (els.length > SLACK_LIMITS.actionsElements) problems.push(`${where}: ${els.length} elements (limit ${SLACK_LIMITS.actionsElements})`);
        const ids = new Set<string>();
        els.forEach((e, j) => {
          if (!isObj(e)) return;
          const id = e['action_id'];
          if (typeof id === 'string') {
            if (ids.has(id)) problems.push(`${where} element ${j}: duplicate action_id ${id}`);
            ids.add(id);
          }
          checkElement(`${where} element ${j}`, e, over, problems);
        });
        break;
      }
      case 'divider':
        break;
      case 'input': {
        if (surface !== 'modal') problems.push(`${where}: input blocks belong in modals`);
        const label = textOf(b['label']);
        empty(`${where} label`, label);
        over(`${where} label`, label, SLACK_LIMITS.inputLabel);
        const el = b['element'];
        if (!isObj(el)) {
          problems.push(`${where}: input without an element`);
          break;
        }
        if (typeof el['action_id'] === 'string') over(`${where} element action_id`, el['action_id'], SLACK_LIMITS.actionId);
        if (isObj(el['placeholder'])) over(`${where} placeholder`, textOf(el['placeholder']), SLACK_LIMITS.inputPlaceholder);
        if (el['type'] === 'plain_text_input') {
          const min = el['min_length'] ?? 0;
          const max = el['max_length'] ?? SLACK_LIMITS.plainTextInputLength;
          if (typeof min !== 'number' || min < 0 || min > SLACK_LIMITS.plainTextInputLength) problems.push(`${where}: min_length ${String(min)} (0 to ${SLACK_LIMITS.plainTextInputLength})`);
          if (typeof max !== 'number' || max < 1 || max > SLACK_LIMITS.plainTextInputLength) problems.push(`${where}: max_length ${String(max)} (1 to ${SLACK_LIMITS.plainTextInputLength})`);
          if (typeof min === 'number' && typeof max === 'number' && min > max) problems.push(`${where}: min_length ${min} above max_length ${max}`);
        }
        break;
      }
      default:
        problems.push(`${where}: unexpected block type ${String(b['type'])}`);
    }
  });
  if (total > SLACK_LIMITS.totalBlockText) problems.push(`${total} characters of block text in all (limit ${SLACK_LIMITS.totalBlockText})`);
  return problems;
}

function checkElement(where: string, e: Obj, over: (where: string, s: string, max: number) => void, problems: string[]): void {
  if (typeof e['action_id'] === 'string') over(`${where} action_id`, e['action_id'], SLACK_LIMITS.actionId);
  if (e['type'] !== 'button') return;
  const t = textOf(e['text']);
  if (t.trim().length === 0) problems.push(`${where}: button without text`);
  over(`${where} button text`, t, SLACK_LIMITS.buttonText);
  if (typeof e['url'] === 'string') over(`${where} url`, e['url'], SLACK_LIMITS.buttonUrl);
  if (typeof e['value'] === 'string') over(`${where} value`, e['value'], SLACK_LIMITS.buttonValue);
  if (e['style'] !== undefined && e['style'] !== 'primary' && e['style'] !== 'danger') problems.push(`${where}: style must be primary or danger`);
  const c = e['confirm'];
  if (isObj(c)) {
    over(`${where} confirm title`, textOf(c['title']), SLACK_LIMITS.confirmTitle);
    over(`${where} confirm text`, textOf(c['text']), SLACK_LIMITS.confirmText);
    over(`${where} confirm button`, textOf(c['confirm']), SLACK_LIMITS.confirmButton);
    over(`${where} deny button`, textOf(c['deny']), SLACK_LIMITS.confirmButton);
  }
}

/** A modal as views.open takes it. */
export interface CheckedModal {
  type?: unknown;
  title?: unknown;
  submit?: unknown;
  close?: unknown;
  private_metadata?: unknown;
  callback_id?: unknown;
  blocks?: unknown[];
}

/** Every way a modal view breaks a Slack limit: its own fields, then its blocks on the modal surface. */
export function slackModalViolations(view: CheckedModal): string[] {
  const problems: string[] = [];
  if (view.type !== 'modal') problems.push(`view type ${String(view.type)} (expected modal)`);
  const plain = (name: string, v: unknown, required: boolean, max: number) => {
    if (v === undefined) {
      if (required) problems.push(`${name}: missing`);
      return;
    }
    if (!isObj(v) || v['type'] !== 'plain_text') problems.push(`${name}: must be plain_text`);
    const t = textOf(v);
    if (t.trim().length === 0) problems.push(`${name}: empty text`);
    if (t.length > max) problems.push(`${name}: ${t.length} characters (limit ${max})`);
  };
  plain('title', view.title, true, SLACK_LIMITS.modalTitle);
  const hasInput = (view.blocks ?? []).some((b) => isObj(b) && b['type'] === 'input');
  // Slack: "submit is required when an input block is within the blocks array".
  plain('submit', view.submit, hasInput, SLACK_LIMITS.modalButton);
  plain('close', view.close, false, SLACK_LIMITS.modalButton);
  if (typeof view.private_metadata === 'string' && view.private_metadata.length > SLACK_LIMITS.privateMetadata) {
    problems.push(`private_metadata: ${view.private_metadata.length} characters (limit ${SLACK_LIMITS.privateMetadata})`);
  }
  if (typeof view.callback_id === 'string' && view.callback_id.length > SLACK_LIMITS.callbackId) {
    problems.push(`callback_id: ${view.callback_id.length} characters (limit ${SLACK_LIMITS.callbackId})`);
  }
  return [...problems, ...slackLimitViolations({ blocks: view.blocks ?? [] }, 'modal')];
}
