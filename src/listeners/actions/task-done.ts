/**
 * `paimy_task_done`: the 완료 button on a listed task. Marks the Notion page Done (no Claude
 * call) and replaces the button with a check in the same message.
 */
import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { KnownBlock } from '@slack/types';
import { TaskNotFoundError } from '../../adapters/notion';
import { taskRow } from '../../slack/reply-blocks';
import type { ListenerDeps } from '../index';

export function taskDone(deps: ListenerDeps) {
  return async function onTaskDone({ ack, body, action, client }: AllMiddlewareArgs & SlackActionMiddlewareArgs<BlockButtonAction>) {
    await ack();
    const taskId = action.value;
    const channel = body.channel?.id;
    const messageTs = body.message?.ts;
    const log = deps.log.child({ action_id: action.action_id, user: body.user.id, channel, task_id: taskId });
    const tellClicker = (text: string) =>
      channel
        ? client.chat.postEphemeral({ channel, user: body.user.id, text, thread_ts: body.message?.thread_ts }).then(() => undefined)
        : Promise.resolve();

    if (!deps.notion || !taskId) return tellClicker('Notion이 연결되어 있지 않아 태스크를 바꿀 수 없어요.');
    try {
      const task = await deps.notion.updateTask(taskId, { status: 'Done' });
      log.info('task marked done from button');
      if (channel && messageTs && body.message) {
        const blocks = ((body.message.blocks ?? []) as KnownBlock[]).map((b) =>
          'block_id' in b && b.block_id === `task:${taskId}` ? taskRow(task, deps.time) : b,
        );
        await client.chat.update({ channel, ts: messageTs, text: body.message.text ?? '', blocks });
      }
    } catch (error) {
      log.error({ err: error }, 'task done button failed');
      await tellClicker(
        error instanceof TaskNotFoundError
          ? '이 태스크를 Notion에서 찾을 수 없어요. 삭제되었거나 다른 데이터베이스로 옮겨졌을 수 있어요.'
          : '죄송해요, 태스크를 완료 처리하지 못했어요. 잠시 후 다시 눌러 주세요.',
      ).catch((e: unknown) => log.error({ err: e }, 'could not tell the clicker'));
    }
  };
}
