/**
 * `paimy_confirm` / `paimy_cancel`: the buttons under a preview. Acks at once, then settles
 * the pending action in code; Claude is not called again.
 */
import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { KnownBlock } from '@slack/types';
import { settlePendingAction } from '../../confirmations/settle';
import type { ListenerDeps } from '../index';

export function settleConfirmation(deps: ListenerDeps, decision: 'confirm' | 'cancel') {
  return async function onConfirmationClick({ ack, body, action }: AllMiddlewareArgs & SlackActionMiddlewareArgs<BlockButtonAction>) {
    await ack();
    await settlePendingAction(deps.settle, {
      decision,
      actionId: action.value ?? '',
      userId: body.user.id,
      channel: body.channel?.id,
      messageTs: body.message?.ts,
      threadTs: body.message?.thread_ts,
      blocks: (body.message?.blocks ?? []) as KnownBlock[],
      text: body.message?.text ?? '',
    }).catch((error: unknown) => deps.log.error({ err: error }, 'confirmation click failed'));
  };
}
