import type { App, BlockButtonAction } from '@slack/bolt';
import { CANCEL_ACTION, CONFIRM_ACTION } from '../../conversation/confirmation-blocks';
import { TASK_DONE_ACTION } from '../../slack/reply-blocks';
import type { ListenerDeps } from '../index';
import { settleConfirmation } from './settle-confirmation';
import { taskDone } from './task-done';

export function registerActions(app: App, deps: ListenerDeps): void {
  app.action<BlockButtonAction>({ type: 'block_actions', action_id: TASK_DONE_ACTION }, taskDone(deps));
  app.action<BlockButtonAction>({ type: 'block_actions', action_id: CONFIRM_ACTION }, settleConfirmation(deps, 'confirm'));
  app.action<BlockButtonAction>({ type: 'block_actions', action_id: CANCEL_ACTION }, settleConfirmation(deps, 'cancel'));
}
