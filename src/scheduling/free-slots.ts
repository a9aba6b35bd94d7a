/**
 * Free-slot search over FreeBusy answers: busy intervals merged (overlapping and nested),
 * subtracted from working windows, candidate starts aligned to a grid. Pure functions over ms.
 */

export interface Interval {
  /** ms since the epoch, inclusive */
  start: number;
  /** ms since the epoch, exclusive */
  end: number;
}

/** Sorts and merges overlapping, touching and nested intervals. */
export function mergeIntervals(intervals: Interval[]): Interval[] {
  const sorted = intervals.filter((i) => i.end > i.start).sort((a, b) => a.start - b.start);
  const merged: Interval[] = [];
  for (const i of sorted) {
    const last = merged.at(-1);
    if (last && i.start <= last.end) last.end = Math.max(last.end, i.end);
    else merged.push({ ...i });
  }
  return merged;
}

export interface SlotSearch {
  /** Working windows (already clipped to the asked range, holidays removed). */
  windows: Interval[];
  /** Everyone's busy intervals, in any order. */
  busy: Interval[];
  durationMs: number;
  /** Start times snap to multiples of this (ms since the epoch; 30 min aligns to :00 and :30 in KST). */
  alignMs: number;
  /** At most this many slots. */
  limit: number;
}

/**
 * @returns the earliest free slots of exactly `durationMs`, at most one per free gap per hour
 * so the answer spreads across the range instead of listing 9:00, 9:30, 10:00…
 */
export function findFreeSlots(search: SlotSearch): Interval[] {
  const busy = mergeIntervals(search.busy);
  const slots: Interval[] = [];
  for (const window of search.windows) {
    for (const gap of subtract(window, busy)) {
      let start = Math.ceil(gap.start / search.alignMs) * search.alignMs;
      while (start + search.durationMs <= gap.end) {
        slots.push({ start, end: start + search.durationMs });
        if (slots.length >= search.limit) return slots;
        start += Math.max(search.durationMs, 60 * 60 * 1000);
        start = Math.ceil(start / search.alignMs) * search.alignMs;
      }
    }
  }
  return slots;
}

function subtract(window: Interval, busy: Interval[]): Interval[] {
  const free: Interval[] = [];
  let cursor = window.start;
  for (const b of busy) {
    if (b.end <= cursor) continue;
    if (b.start >= window.end) break;
    if (b.start > cursor) free.push({ start: cursor, end: Math.min(b.start, window.end) });
    cursor = Math.max(cursor, b.end);
  }
  if (cursor < window.end) free.push({ start: cursor, end: window.end });
  return free;
}
