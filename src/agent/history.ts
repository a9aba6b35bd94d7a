/**
 * Trims a thread's Claude history before it is saved: the last few exchanges, each starting
 * at a user's own words (never at an orphaned tool_result), with long tool results cut.
 */
import type Anthropic from '@anthropic-ai/sdk';

const MAX_EXCHANGES = 6;
const MAX_TOOL_RESULT_CHARS = 4000;

function isUserWords(m: Anthropic.MessageParam): boolean {
  return m.role === 'user' && (typeof m.content === 'string' || m.content.every((b) => b.type !== 'tool_result'));
}

export function trimHistory(messages: Anthropic.MessageParam[]): Anthropic.MessageParam[] {
  const starts = messages.flatMap((m, i) => (isUserWords(m) ? [i] : []));
  const from = starts.length > MAX_EXCHANGES ? starts[starts.length - MAX_EXCHANGES]! : (starts[0] ?? messages.length);
  return messages.slice(from).map(shrink);
}

function shrink(m: Anthropic.MessageParam): Anthropic.MessageParam {
  if (typeof m.content === 'string') return m;
  return {
    role: m.role,
    content: m.content.map((b) => {
      if (b.type !== 'tool_result' || typeof b.content !== 'string' || b.content.length <= MAX_TOOL_RESULT_CHARS) return b;
      return { ...b, content: `${b.content.slice(0, MAX_TOOL_RESULT_CHARS)}… [trimmed]` };
    }),
  } as Anthropic.MessageParam;
}

/**
 * A turn answered privately must not reach the shared thread's memory: its tool results and
 * Paimy's words are replaced with a placeholder, so a later public answer cannot repeat them.
 * @param from index of the turn's first message (the user's words)
 */
export function redactPrivateTurn(messages: Anthropic.MessageParam[], from: number): Anthropic.MessageParam[] {
  const placeholder = '[private: answered only to the requester; content not kept in the thread]';
  return messages.map((m, i) => {
    if (i <= from || typeof m.content === 'string') return i > from && m.role === 'assistant' ? { role: 'assistant', content: placeholder } : m;
    return {
      role: m.role,
      content: m.content.map((b) => {
        if (b.type === 'tool_result') return { ...b, content: placeholder };
        if (b.type === 'text' && m.role === 'assistant') return { ...b, text: placeholder };
        return b;
      }),
    } as Anthropic.MessageParam;
  });
}
