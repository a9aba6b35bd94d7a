/** `app_mention`: someone wrote @Paimy in a channel (top level or in a thread). */
import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from '@slack/bolt';
import { stripBotMention } from '../../slack/safe-text';
import type { ListenerDeps } from '../index';

export function appMention(deps: ListenerDeps) {
  return async function onAppMention({ event, body, context }: AllMiddlewareArgs & SlackEventMiddlewareArgs<'app_mention'>) {
    if (event.bot_id || !event.user) return; // other bots' mentions are not requests
    await deps.run({
      eventId: body.event_id,
      teamId: body.team_id,
      channel: event.channel,
      userId: event.user,
      text: stripBotMention(event.text, context.botUserId),
      ts: event.ts,
      threadTs: event.thread_ts,
    });
  };
}
