import type { App, BlockButtonAction } from '@slack/bolt';
import { TASK_DONE_ACTION } from '../../slack/reply-blocks';
import type { ListenerDeps } from '../index';
import { taskDone } from './task-done';

export function registerActions(app: App, deps: ListenerDeps): void {
  app.action<BlockButtonAction>({ type: 'block_actions', action_id: TASK_DONE_ACTION }, taskDone(deps));
}
