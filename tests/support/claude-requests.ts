/** Reading what Paimy sent to Claude (the fake's recorded Messages API requests). */
import type Anthropic from '@anthropic-ai/sdk';

type Body = { messages: Anthropic.MessageParam[] };

/** The tool_result blocks of the request's last user message. */
export function toolResults(body: Body): Anthropic.ToolResultBlockParam[] {
  const last = body.messages.at(-1);
  if (!last || typeof last.content === 'string') return [];
  return (last.content as Anthropic.ContentBlockParam[]).filter(
    (b): b is Anthropic.ToolResultBlockParam => b.type === 'tool_result',
  );
}

/** The parsed JSON of the single tool_result in the request's last message. */
export function toolResultJson<T = any>(body: Body): T {
  const [result] = toolResults(body);
  if (!result || typeof result.content !== 'string') throw new Error('no string tool_result in the last message');
  return JSON.parse(result.content) as T;
}

/** The task id the system prompt lists at `position` in the thread's last shown list. */
export function listedTaskId(system: string, position: number): string | undefined {
  return new RegExp(`^${position}\\. .* — task id (\\S+)$`, 'm').exec(system)?.[1];
}
