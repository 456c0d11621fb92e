// Every Slack listener of the app, registered in one place: read this to know what we answer.
import type { AppDeps } from '../deps.js';
import { runSlashCommand } from '../../slack/commands.js';
import { appEvents } from './app-events.js';
import { SlackListeners } from './dispatch.js';
import { reasonModals } from './reason-modals.js';
import { reviewButtons } from './review-buttons.js';

export function slackListeners(deps: AppDeps): SlackListeners {
  const on = new SlackListeners();
  reviewButtons(deps, on);
  reasonModals(deps, on);
  appEvents(deps, on);
  // `/secretgate …`; the command URL is ours alone, so a renamed command is answered the same.
  on.command('*', async (c, { command }) =>
    c.json(await runSlashCommand(deps, { userId: command.user_id, channelId: command.channel_id ?? null, text: command.text ?? '' })),
  );
  return on;
}
