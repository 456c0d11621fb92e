// Bolt's shape for our Slack edge: listeners registered by `action_id`, a view's `callback_id`,
// a shortcut's `callback_id`, an event's type or a command, each a small function given the
// typed payload. A listener may name a narrower schema for its part (our buttons need a
// `value`); what fails it is a 400 naming the field. What no listener claims is acknowledged.
import type { Context } from 'hono';
import type { z } from 'zod';
import type { AppEnv } from '../deps.js';
import { firstIssue } from '../issues.js';
import type { BlockActionsPayload, EventCallback, ShortcutPayload, SlackEvent, SlashCommandForm, ViewSubmissionPayload } from './payloads.js';

type C = Context<AppEnv>;
type Answer = Response | Promise<Response>;

export type ActionListener<A> = (c: C, args: { payload: BlockActionsPayload; action: A }) => Answer;
export type ViewListener<V> = (c: C, args: { payload: ViewSubmissionPayload; view: V }) => Answer;
export type ShortcutListener = (c: C, args: { payload: ShortcutPayload }) => Answer;
export type EventListener = (c: C, args: { envelope: EventCallback; event: SlackEvent }) => Answer;
export type CommandListener = (c: C, args: { command: SlashCommandForm }) => Answer;

interface Entry<L> {
  schema: z.ZodType | null;
  listener: L;
}

export const badRequest = (message: string) => Response.json({ error: 'bad_request', message }, { status: 400 });
/** Slack's ack: 200 with no body. */
export const ack = (c: C) => c.body(null, 200);

/** A listener's part of the payload, parsed by its own schema; a Response (400) when it does not fit. */
function narrow(entry: Entry<unknown>, value: unknown, kind: string, under: readonly PropertyKey[]): { value: unknown } | Response {
  if (!entry.schema) return { value };
  const parsed = entry.schema.safeParse(value);
  return parsed.success ? { value: parsed.data } : badRequest(`${kind}: ${firstIssue(parsed.error, 'payload', under)}`);
}

export class SlackListeners {
  readonly #actions = new Map<string, Entry<ActionListener<unknown>>>();
  readonly #views = new Map<string, Entry<ViewListener<unknown>>>();
  readonly #shortcuts = new Map<string, ShortcutListener>();
  readonly #events = new Map<string, EventListener>();
  readonly #commands = new Map<string, CommandListener>();
  #anyCommand: CommandListener | null = null;

  /** `schema` parses `actions[0]` for this listener (the envelope's `blockAction` already did the common part). */
  action<S extends z.ZodType>(actionId: string, schema: S, listener: ActionListener<z.infer<S>>): this {
    this.#actions.set(actionId, { schema, listener: listener as ActionListener<unknown> });
    return this;
  }

  /** `schema` parses `view` for this listener. */
  view<S extends z.ZodType>(callbackId: string, schema: S, listener: ViewListener<z.infer<S>>): this {
    this.#views.set(callbackId, { schema, listener: listener as ViewListener<unknown> });
    return this;
  }

  shortcut(callbackId: string, listener: ShortcutListener): this {
    this.#shortcuts.set(callbackId, listener);
    return this;
  }

  event(type: string, listener: EventListener): this {
    this.#events.set(type, listener);
    return this;
  }

  /** `'*'` answers a command no other listener names (a workspace may rename ours: the URL is only ours). */
  command(name: string, listener: CommandListener): this {
    if (name === '*') this.#anyCommand = listener;
    else this.#commands.set(name, listener);
    return this;
  }

  onBlockActions(c: C, payload: BlockActionsPayload): Answer {
    const action = payload.actions[0]!;
    const entry = this.#actions.get(action.action_id);
    // Not one of ours, or "View details" (a link button: Slack opens the page and tells us).
    if (!entry) return ack(c);
    const part = narrow(entry, action, 'block_actions', ['actions', 0]);
    if (part instanceof Response) return part;
    return entry.listener(c, { payload, action: part.value });
  }

  onViewSubmission(c: C, payload: ViewSubmissionPayload): Answer {
    const entry = payload.view.callback_id === undefined ? undefined : this.#views.get(payload.view.callback_id);
    if (!entry) return ack(c);
    const part = narrow(entry, payload.view, 'view_submission', ['view']);
    if (part instanceof Response) return part;
    return entry.listener(c, { payload, view: part.value });
  }

  onShortcut(c: C, payload: ShortcutPayload): Answer {
    const listener = this.#shortcuts.get(payload.callback_id);
    return listener ? listener(c, { payload }) : ack(c);
  }

  onEvent(c: C, envelope: EventCallback): Answer {
    const listener = this.#events.get(envelope.event.type);
    return listener ? listener(c, { envelope, event: envelope.event }) : ack(c);
  }

  onCommand(c: C, command: SlashCommandForm): Answer {
    const listener = (command.command ? this.#commands.get(command.command) : undefined) ?? this.#anyCommand;
    return listener ? listener(c, { command }) : ack(c);
  }
}
