import type Anthropic from '@anthropic-ai/sdk';
import { describe, expect, it } from 'vitest';
import { trimHistory } from '../../src/agent/history';

const exchange = (i: number): Anthropic.MessageParam[] => [
  { role: 'user', content: `질문 ${i}` },
  { role: 'assistant', content: [{ type: 'tool_use', id: `t${i}`, name: 'get_tasks', input: {} }] },
  { role: 'user', content: [{ type: 'tool_result', tool_use_id: `t${i}`, content: 'x'.repeat(5000) }] },
  { role: 'assistant', content: [{ type: 'text', text: `답 ${i}` }] },
];

describe('trimHistory', () => {
  it('keeps the last six exchanges, each starting at the user words, and cuts long tool results', () => {
    const trimmed = trimHistory(Array.from({ length: 9 }, (_, i) => exchange(i)).flat());
    expect(trimmed).toHaveLength(24);
    expect(trimmed[0]).toEqual({ role: 'user', content: '질문 3' });
    const result = (trimmed[2]!.content as Anthropic.ToolResultBlockParam[])[0]!;
    expect(result.tool_use_id).toBe('t3');
    expect((result.content as string).length).toBeLessThan(4100);
  });
});
