/**
 * The benchmark's Claude: answers by the conversation's state, the way the real model would
 * for the three scenarios (list tasks, mark done, schedule a meeting) and a plain greeting.
 */
import type Anthropic from '@anthropic-ai/sdk';
import { type Step, text, toolUse } from '../tests/fakes';
import type { MessagesRequestBody } from '../tests/fakes/anthropic';

export const SUJIN_EMAIL = 'sujin@paimy.example';

function lastToolName(messages: Anthropic.MessageParam[]): string | undefined {
  const assistant = [...messages].reverse().find((m) => m.role === 'assistant');
  if (!assistant || typeof assistant.content === 'string') return undefined;
  return (assistant.content as Anthropic.ContentBlockParam[]).find((b): b is Anthropic.ToolUseBlockParam => b.type === 'tool_use')?.name;
}

function lastToolResult(messages: Anthropic.MessageParam[]): string {
  const last = messages.at(-1);
  if (!last || typeof last.content === 'string') return '';
  const block = (last.content as Anthropic.ContentBlockParam[]).find((b) => b.type === 'tool_result') as Anthropic.ToolResultBlockParam | undefined;
  return typeof block?.content === 'string' ? block.content : '';
}

/** The user's own words in the last message, or undefined when it carries tool results. */
function userWords(message: Anthropic.MessageParam): string | undefined {
  if (typeof message.content === 'string') return message.content;
  const blocks = message.content as Anthropic.ContentBlockParam[];
  if (blocks.some((b) => b.type === 'tool_result')) return undefined;
  return blocks.map((b) => (b.type === 'text' ? b.text : '')).join('');
}

export function benchResponder(req: MessagesRequestBody): Step {
  const messages = req.messages;
  const words = userWords(messages.at(-1)!);
  if (words !== undefined) {
    const system = typeof req.system === 'string' ? req.system : (req.system ?? []).map((b) => b.text).join('\n');
    if (words.includes('태스크 보여줘')) return toolUse('get_tasks', { period: 'this_week' });
    if (words.includes('완료')) {
      const id = /^1\. .* — task id (\S+)$/m.exec(system)?.[1];
      return id ? toolUse('update_task', { task_id: id, status: 'Done' }) : text('어떤 태스크인가요?');
    }
    if (words.includes('미팅')) {
      const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
      const nextWeek = new Date(Date.now() + 8 * 86_400_000).toISOString().slice(0, 10);
      return toolUse('find_free_slots', { attendees: [SUJIN_EMAIL], time_min: tomorrow, time_max: nextWeek, duration_minutes: 30 });
    }
    return text('안녕하세요! 무엇을 도와드릴까요?');
  }
  switch (lastToolName(messages)) {
    case 'get_tasks':
      return text('이번 주 마감 태스크예요.');
    case 'update_task':
      return text('완료로 바꿨어요.');
    case 'find_free_slots': {
      const slot = (JSON.parse(lastToolResult(messages)) as { slots: { start: string; end: string }[] }).slots[0];
      if (!slot) return text('비는 시간이 없어요.');
      return toolUse('create_calendar_event', { summary: '수진님과 미팅', start_time: slot.start, end_time: slot.end, attendees: [SUJIN_EMAIL] });
    }
    default:
      return text('미리보기를 확인해 주세요.');
  }
}
