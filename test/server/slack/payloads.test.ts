// Slack's bodies parsed once into typed shapes, then dispatched by action_id / callback_id /
// event type: driven through createApp with app.request(), signed as Slack signs, no socket.
// A body that fails its schema is a 400 naming the field, and changes nothing.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { APPROVER } from '../../support/server-harness.js';
import { blockActionPayload, interactionBody, signedHeaders, viewSubmissionPayload } from '../../support/slack-signing.js';
import { TEST_SIGNING_SECRET } from '../../support/server-harness.js';
import { appUnderTest, storeReview, type AppUnderTest } from '../../support/app-under-test.js';

let t: AppUnderTest;
let reviewId: string;
beforeEach(async () => {
  t = appUnderTest({});
  reviewId = await storeReview(t);
});
afterEach(() => t.close());

const post = (path: string, body: string) =>
  t.app.request(`https://secretgate.example.test/slack/${path}`, {
    method: 'POST',
    headers: signedHeaders(TEST_SIGNING_SECRET, body, { timestampSeconds: Math.floor(t.clock.now / 1000), ...(path === 'events' ? { contentType: 'application/json' } : {}) }),
    body,
  });

/** Everything a payload could change: the review, the audit log, the outbox. */
const state = () => ({
  status: t.db.prepare('SELECT status FROM reviews WHERE id = ?').get<{ status: string }>(reviewId)!.status,
  audit: t.db.prepare('SELECT COUNT(*) AS n FROM audit_events').get<{ n: number }>()!.n,
  outbox: t.db.prepare('SELECT COUNT(*) AS n FROM outbox').get<{ n: number }>()!.n,
});

const click = (patch: Record<string, unknown> = {}, action: Record<string, unknown> = {}) => {
  const p = blockActionPayload({ reviewId, button: 'false_positive', userId: APPROVER });
  return { ...p, actions: [{ ...(p['actions'] as object[])[0], ...action }], ...patch };
};
const submission = (patch: Record<string, unknown> = {}, view: Record<string, unknown> = {}) => {
  const p = viewSubmissionPayload({ reviewId, userId: APPROVER, reason: 'a test fixture', button: 'block' });
  return { ...p, view: { ...(p['view'] as object), ...view }, ...patch };
};

describe('a malformed Slack payload gets 400 naming the field, and changes nothing', () => {
  const cases: [string, 'interactions' | 'events' | 'commands', () => string, string][] = [
    ['interaction without a type', 'interactions', () => interactionBody({ user: { id: APPROVER } }), 'type is required'],
    ['interaction whose type is a number', 'interactions', () => interactionBody({ type: 7 }), 'type must be a string'],
    ['block_actions without user.id', 'interactions', () => interactionBody(click({ user: { name: 'x' } })), 'user.id is required'],
    ['block_actions with an action_id that is a number', 'interactions', () => interactionBody(click({}, { action_id: 12 })), 'actions[0].action_id must be a string'],
    ['block_actions with no actions', 'interactions', () => interactionBody(click({ actions: [] })), 'actions must not be empty'],
    ['block_actions: False positive without the review ID', 'interactions', () => interactionBody(click({}, { value: undefined })), 'actions[0].value must hold the review ID'],
    ['block_actions: Block without the review ID', 'interactions', () => interactionBody(click({}, { action_id: 'secretgate_block', value: '' })), 'actions[0].value must hold the review ID'],
    ['block_actions whose channel is a string', 'interactions', () => interactionBody(click({ channel: 'C0REVIEWS' })), 'channel must be an object'],
    ['view_submission without a view', 'interactions', () => interactionBody(submission({ view: undefined })), 'view is required'],
    ['view_submission of a reason modal without the review ID', 'interactions', () => interactionBody(submission({}, { private_metadata: '' })), 'view.private_metadata must hold the review ID'],
    ['view_submission whose reason is a number', 'interactions', () => interactionBody(submission({}, { state: { values: { reason: { reason_input: { value: 5 } } } } })), 'view.state.values.reason.reason_input.value'],
    ['shortcut without a callback_id', 'interactions', () => interactionBody({ type: 'shortcut', user: { id: APPROVER } }), 'callback_id is required'],
    ['url_verification without a challenge', 'events', () => JSON.stringify({ type: 'url_verification' }), 'challenge is required'],
    ['event_callback without an event', 'events', () => JSON.stringify({ type: 'event_callback', team_id: 'T1' }), 'event is required'],
    ['event_callback whose event type is a number', 'events', () => JSON.stringify({ type: 'event_callback', event: { type: 1 } }), 'event.type must be a string'],
    ['command without user_id', 'commands', () => new URLSearchParams({ command: '/secretgate', text: 'pending' }).toString(), 'user_id is required'],
  ];
  for (const [name, path, body, message] of cases) {
    it(name, async () => {
      const before = state();
      const res = await post(path, body());
      expect(res.status).toBe(400);
      const json = (await res.json()) as { error: string; message: string };
      expect(json.error).toBe('bad_request');
      expect(json.message).toContain(message);
      expect(state()).toEqual(before);
    });
  }

  it('a body that is not JSON, or not a form with a payload', async () => {
    const before = state();
    expect((await post('interactions', 'payload=' + encodeURIComponent('{not json'))).status).toBe(400);
    expect((await post('interactions', 'nopayload=1')).status).toBe(400);
    expect((await post('events', '{not json')).status).toBe(400);
    expect(state()).toEqual(before);
  });
});

describe('dispatch by id', () => {
  it('acknowledges an action_id that is not ours with an empty 200, and changes nothing', async () => {
    const before = state();
    for (const action of [{ action_id: 'someone_elses_button' }, { action_id: 'secretgate_view', value: undefined }]) {
      const res = await post('interactions', interactionBody(click({}, action)));
      expect(res.status).toBe(200);
      expect(await res.text()).toBe('');
    }
    expect(state()).toEqual(before);
  });

  it('acknowledges a view, a shortcut and an event that are not ours, and changes nothing', async () => {
    const before = state();
    for (const [path, body] of [
      ['interactions', interactionBody(submission({}, { callback_id: 'another_apps_modal', private_metadata: '' }))],
      ['interactions', interactionBody({ type: 'shortcut', callback_id: 'another_shortcut', user: { id: APPROVER } })],
      ['interactions', interactionBody({ type: 'view_closed', user: { id: APPROVER } })],
      ['events', JSON.stringify({ type: 'event_callback', event: { type: 'app_mention' } })],
    ] as const) {
      const res = await post(path, body);
      expect(res.status, body).toBe(200);
    }
    expect(state()).toEqual(before);
  });

  it('sends a well-formed click to its listener: False positive decides', async () => {
    const res = await post('interactions', interactionBody(click()));
    expect(res.status).toBe(200);
    expect(state().status).toBe('false_positive');
  });

  it('sends a well-formed submission to its listener: the Block modal blocks with its reason', async () => {
    const res = await post('interactions', interactionBody(submission()));
    expect(res.status).toBe(200);
    const row = t.db.prepare('SELECT status, decision_reason AS reason FROM reviews WHERE id = ?').get<{ status: string; reason: string }>(reviewId)!;
    expect(row).toEqual({ status: 'rejected', reason: 'a test fixture' });
  });

  it('sends an event to its listener by its type: tokens_revoked is audited with the IDs', async () => {
    const res = await post('events', JSON.stringify({ type: 'event_callback', team_id: 'T1', event_id: 'Ev1', event: { type: 'tokens_revoked', tokens: { oauth: ['U1'], bot: 'not a list' } } }));
    expect(res.status).toBe(200);
    const row = t.db.prepare("SELECT data FROM audit_events WHERE type = 'slack.tokens_revoked'").get<{ data: string }>()!;
    expect(JSON.parse(row.data)).toEqual({ teamId: 'T1', eventId: 'Ev1', revokedUserIds: ['U1'], revokedBotIds: [] });
  });

  it('answers a command by its listener', async () => {
    const res = await post('commands', new URLSearchParams({ command: '/secretgate', text: 'help', user_id: 'U0SOMEONE' }).toString());
    expect(res.status).toBe(200);
    expect(((await res.json()) as { text: string }).text).toContain('/secretgate pending');
  });
});
