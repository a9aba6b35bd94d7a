/**
 * Task writes as confirmable actions: when a turn has read text written by someone else (a
 * mail, a task's details), a write Claude asks for next waits for the requester's click,
 * because that text may have been an injected instruction.
 */
import type { NotionTasks, TaskChanges } from '../adapters/notion';

export type TaskAction =
  | { kind: 'update_task'; taskId: string; changes: TaskChanges }
  | { kind: 'create_task'; task: TaskChanges & { title: string } };

export const TASK_ACTION_KINDS = ['update_task', 'create_task'] as const;

export interface TaskActionResult {
  done: 'task_updated' | 'task_created';
  task_id: string;
  title: string;
  url: string;
  status: string | null;
}

/** @throws TaskNotFoundError, or the Notion client's error */
export async function runTaskAction(notion: NotionTasks, action: TaskAction): Promise<TaskActionResult> {
  const task = action.kind === 'update_task' ? await notion.updateTask(action.taskId, action.changes) : await notion.createTask(action.task);
  return { done: action.kind === 'update_task' ? 'task_updated' : 'task_created', task_id: task.id, title: task.title, url: task.url, status: task.status ?? task.statusName };
}
