// Slack's three request URLs. Each request is verified over its raw body before anything
// parses it (401 otherwise, and an audit event); then parsed once into a typed payload (400
// naming the field otherwise) and dispatched to its listener (listeners.ts), well
// within Slack's 3 s.
import { Hono, type MiddlewareHandler } from 'hono';
import type { z } from 'zod';
import type { AppDeps, AppEnv } from '../deps.js';
import { jsonBodyLimit } from '../body-limit.js';
import { SlackSignatureError, verifySlackSignature } from './verify.js';
import { auditNoise } from '../audit-noise.js';
import { firstIssue } from '../issues.js';
import { ack, badRequest } from './dispatch.js';
import { slackListeners } from './listeners.js';
import { eventCallback, eventEnvelope, interactionEnvelope, interactionKinds, slashCommand, urlVerification } from './payloads.js';

export const MAX_SLACK_BODY_BYTES = 256 * 1024;

function verified(deps: AppDeps): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const body = await c.req.text();
    const signature = c.req.header('x-slack-signature');
    const reject = (code: string, message: string) => {
      if (auditNoise(deps, { type: 'slack.request_rejected', actor: null, data: { path: c.req.path, code } })) {
        deps.logger.warn('slack request rejected', { path: c.req.path, code });
      }
      return c.json({ error: 'unauthorized', message }, 401);
    };
    const { signingSecret, previousSigningSecret } = deps.config.slack;
    try {
      const signedBy = verifySlackSignature({
        signingSecret: previousSigningSecret ? [signingSecret, previousSigningSecret] : signingSecret,
        body,
        timestamp: c.req.header('x-slack-request-timestamp'),
        signature,
        nowMs: deps.now(),
      });
      // Tells whoever rotates when SLACK_SIGNING_SECRET_PREVIOUS is still in use, and when it no longer is.
      if (signedBy === 1) deps.logger.info('slack request signed with SLACK_SIGNING_SECRET_PREVIOUS', { path: c.req.path });
    } catch (err) {
      if (err instanceof SlackSignatureError) return reject(err.code, err.message);
      throw err;
    }
    if (!deps.replay.firstUse(signature!)) return reject('replayed', 'Slack request verification failed: this request was already received');
    c.set('slackBody', body);
    await next();
  };
}

/** Parses `value` with `schema`; a 400 naming the first field that does not fit. */
function parse<S extends z.ZodType>(schema: S, value: unknown, kind: string, root: string): { data: z.infer<S> } | Response {
  const parsed = schema.safeParse(value);
  return parsed.success ? { data: parsed.data } : badRequest(`${kind}: ${firstIssue(parsed.error, root)}`);
}

function json(text: string): { value: unknown } | undefined {
  try {
    return { value: JSON.parse(text) };
  } catch {
    return undefined;
  }
}

export function slackRoutes(deps: AppDeps): Hono<AppEnv> {
  const slack = new Hono<AppEnv>();
  const on = slackListeners(deps);
  slack.use('*', jsonBodyLimit(MAX_SLACK_BODY_BYTES), verified(deps));

  // Verified; now parsed once by kind, then dispatched by action_id / callback_id.
  slack.post('/interactions', async (c) => {
    const raw = new URLSearchParams(c.get('slackBody')).get('payload');
    if (!raw) return badRequest('the body has no payload field');
    const payload = json(raw);
    if (!payload) return badRequest('the payload is not valid JSON');
    const envelope = parse(interactionEnvelope, payload.value, 'the payload', 'payload');
    if (envelope instanceof Response) return envelope;
    const type = envelope.data.type;
    // view_closed and the rest: acknowledged, nothing to do.
    if (!Object.hasOwn(interactionKinds, type)) return ack(c);
    const kind = type as keyof typeof interactionKinds;
    const parsed = parse(interactionKinds[kind], payload.value, kind, 'payload');
    if (parsed instanceof Response) return parsed;
    const p = parsed.data;
    switch (p.type) {
      case 'block_actions':
        return on.onBlockActions(c, p);
      case 'view_submission':
        return on.onViewSubmission(c, p);
      default:
        return on.onShortcut(c, p);
    }
  });

  slack.post('/events', (c) => {
    const body = json(c.get('slackBody'));
    if (!body) return badRequest('the body is not valid JSON');
    const envelope = parse(eventEnvelope, body.value, 'the event', 'body');
    if (envelope instanceof Response) return envelope;
    if (envelope.data.type === 'url_verification') {
      const check = parse(urlVerification, body.value, 'url_verification', 'body');
      return check instanceof Response ? check : c.json({ challenge: check.data.challenge });
    }
    if (envelope.data.type !== 'event_callback') return ack(c);
    const callback = parse(eventCallback, body.value, 'event_callback', 'body');
    return callback instanceof Response ? callback : on.onEvent(c, callback.data);
  });

  slack.post('/commands', (c) => {
    const form = Object.fromEntries(new URLSearchParams(c.get('slackBody')));
    const command = parse(slashCommand, form, 'the command', 'form');
    return command instanceof Response ? command : on.onCommand(c, command.data);
  });

  return slack;
}
