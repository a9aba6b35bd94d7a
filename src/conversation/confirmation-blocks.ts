/**
 * The preview of a write that waits for confirmation: what will happen, in Korean words, with
 * 확인 (`paimy_confirm`) and 취소 (`paimy_cancel`) buttons whose value is the pending action id.
 */
import type { KnownBlock } from '@slack/types';
import type { PendingAction } from '../store/store';
import { defuseMentions } from '../slack/safe-text';

export const CONFIRM_ACTION = 'paimy_confirm';
export const CANCEL_ACTION = 'paimy_cancel';

export function previewBlocks(action: Pick<PendingAction, 'id' | 'preview'>): KnownBlock[] {
  return [
    { type: 'section', block_id: `pending:${action.id}`, text: { type: 'mrkdwn', text: defuseMentions(action.preview) } },
    {
      type: 'actions',
      block_id: `pending-actions:${action.id}`,
      elements: [
        { type: 'button', action_id: CONFIRM_ACTION, value: action.id, style: 'primary', text: { type: 'plain_text', text: '확인' } },
        { type: 'button', action_id: CANCEL_ACTION, value: action.id, text: { type: 'plain_text', text: '취소' } },
      ],
    },
  ];
}

/** Replaces an action's buttons with the outcome, keeping the rest of the message. */
export function settleBlocks(blocks: KnownBlock[], actionId: string, outcome: string): KnownBlock[] {
  return blocks.map((b) =>
    'block_id' in b && b.block_id === `pending-actions:${actionId}`
      ? ({ type: 'context', block_id: `settled:${actionId}`, elements: [{ type: 'mrkdwn', text: defuseMentions(outcome) }] } as KnownBlock)
      : b,
  );
}
