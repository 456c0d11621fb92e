// Events API callbacks we act on: the app uninstalled, or its tokens revoked. Each is an audit
// event and a warning; the IDs whose tokens went are recorded, never the tokens themselves.
import type { AppDeps } from '../deps.js';
import { appendAudit } from '../../store/audit.js';
import { ack, type EventListener, type SlackListeners } from './dispatch.js';

function lostAccess(deps: AppDeps, type: 'slack.app_uninstalled' | 'slack.tokens_revoked'): EventListener {
  return (c, { envelope, event }) => {
    const data: Record<string, unknown> = { teamId: envelope.team_id || null, eventId: envelope.event_id || null };
    if (type === 'slack.tokens_revoked') {
      data['revokedUserIds'] = event.tokens?.oauth ?? [];
      data['revokedBotIds'] = event.tokens?.bot ?? [];
    }
    deps.db.transaction(() => appendAudit(deps.db, { type, actor: 'slack', data }, deps.now()));
    deps.logger.warn(`slack event: ${event.type}`, { teamId: data['teamId'] });
    return ack(c);
  };
}

export function appEvents(deps: AppDeps, on: SlackListeners): SlackListeners {
  return on.event('app_uninstalled', lostAccess(deps, 'slack.app_uninstalled')).event('tokens_revoked', lostAccess(deps, 'slack.tokens_revoked'));
}
