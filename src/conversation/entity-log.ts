import type { ThreadEntity } from '../store/store';

/**
 * The entities a thread refers to, in order. A newly shown list replaces the old list's
 * positions; anything touched moves to the end.
 */
export class EntityLog {
  private readonly entries: ThreadEntity[];
  /** The last task touched on its own (not as part of a list): "이거". */
  lastTask?: ThreadEntity;

  constructor(existing: ThreadEntity[]) {
    this.entries = existing.map((e) => ({ ...e }));
  }

  add(entity: ThreadEntity, listPosition?: number): void {
    if (listPosition === 1) for (const e of this.entries) if (e.type === entity.type) delete e.listPosition;
    const previous = this.entries.findIndex((e) => e.type === entity.type && e.id === entity.id);
    const kept = previous >= 0 ? this.entries.splice(previous, 1)[0]!.listPosition : undefined;
    const entry: ThreadEntity = { ...entity, listPosition: listPosition ?? kept };
    if (entry.listPosition === undefined) delete entry.listPosition;
    this.entries.push(entry);
    if (listPosition === undefined && entity.type === 'task') this.lastTask = entry;
  }

  /** The newest `max` entries, oldest first. */
  list(max: number): ThreadEntity[] {
    return this.entries.slice(-max);
  }
}
