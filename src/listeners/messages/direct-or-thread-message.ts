/**
 * `message`: a DM to Paimy (`message.im`), or an un-mentioned reply in a channel thread where
 * Paimy already has context. Everything else (subtypes such as `message_changed`, bots, Paimy
 * itself, channel chatter) is ignored. A channel message that mentions Paimy is also delivered
 * as `app_mention`; the store's claim on channel+ts answers it once.
 */
import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from '@slack/bolt';
import { stripBotMention } from '../../slack/safe-text';
import type { ListenerDeps } from '../index';

export function directOrThreadMessage(deps: ListenerDeps) {
  return async function onMessage({ message, body, context }: AllMiddlewareArgs & SlackEventMiddlewareArgs<'message'>) {
    if (message.subtype !== undefined) return; // edits, deletions, joins, bot_message…
    if (message.bot_id || !message.user || message.user === context.botUserId) return;
    const isDm = message.channel_type === 'im';
    const isThreadReply = message.thread_ts !== undefined && message.thread_ts !== message.ts;
    if (!isDm) {
      if (!isThreadReply) return;
      if (!(await deps.store.getThreadContext(message.channel, message.thread_ts!))) return;
    }
    await deps.run({
      eventId: body.event_id,
      teamId: body.team_id,
      channel: message.channel,
      userId: message.user,
      text: stripBotMention(message.text ?? '', context.botUserId),
      ts: message.ts,
      threadTs: message.thread_ts,
    });
  };
}
