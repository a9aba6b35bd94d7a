/** Every tool Claude may use, by name. Contract: ../shared/design.md §5. */
import type { Integration, PaimyTool } from '../tool';
import { findFreeSlotsTool, getCalendarEvents } from './calendar-read';
import { createCalendarEvent, deleteCalendarEvent, updateCalendarEvent } from './calendar-write';
import { getEmail, searchEmails } from './gmail';
import { findPerson } from './people';
import { createTask, getTask, getTasks, updateTask } from './tasks';

export const ALL_TOOLS: readonly PaimyTool[] = [
  getTasks,
  getTask,
  updateTask,
  createTask,
  getCalendarEvents,
  createCalendarEvent,
  updateCalendarEvent,
  deleteCalendarEvent,
  findFreeSlotsTool,
  searchEmails,
  getEmail,
  findPerson,
] as PaimyTool[];

/** The tools whose integrations are connected. */
export function availableTools(connected: Record<Integration, boolean>): Map<string, PaimyTool> {
  return new Map(ALL_TOOLS.filter((t) => !t.needs || connected[t.needs]).map((t) => [t.name, t]));
}
