/** Every tool Claude may use, by name. Contract: ../shared/design.md §5. */
import type { PaimyTool } from '../tool';
import { findPerson } from './people';
import { createTask, getTask, getTasks, updateTask } from './tasks';

export const ALL_TOOLS: readonly PaimyTool[] = [getTasks, getTask, updateTask, createTask, findPerson] as PaimyTool[];

/** The tools whose integrations are connected. */
export function availableTools(connected: { notion: boolean }): Map<string, PaimyTool> {
  return new Map(
    ALL_TOOLS.filter((t) => t.needs !== 'notion' || connected.notion).map((t) => [t.name, t]),
  );
}
