/**
 * The benchmark's arithmetic: the floor a scenario is judged against is the time covered by the
 * fakes' calls (parallel calls counted once), and percentiles are nearest-rank.
 */
import { describe, expect, it } from 'vitest';
import { percentile, unionLength } from '../../bench/stats';

describe('bench statistics', () => {
  it('counts parallel fake calls once and gaps between them not at all', () => {
    // Claude 0–3000; Notion and Google in parallel 3000–3300 and 3100–3200; Claude again 3400–6400.
    const calls = [
      { start: 0, end: 3000 },
      { start: 3000, end: 3300 },
      { start: 3100, end: 3200 },
      { start: 3400, end: 6400 },
    ];
    expect(unionLength(calls)).toBe(6300);
    expect(unionLength([...calls].reverse())).toBe(6300);
    expect(unionLength([])).toBe(0);
  });

  it('takes nearest-rank percentiles', () => {
    const acks = Array.from({ length: 1000 }, (_, i) => i + 1); // 1 … 1000 ms
    expect(percentile(acks, 50)).toBe(500);
    expect(percentile(acks, 99)).toBe(990);
    expect(percentile(acks, 99.9)).toBe(999);
    expect(percentile([7], 99)).toBe(7);
    expect(percentile([], 50)).toBeNaN();
  });
});
