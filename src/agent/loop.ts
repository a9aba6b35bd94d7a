/**
 * The Claude tool-use loop: call the Messages API, run every `tool_use` block of the turn
 * concurrently, answer them together, repeat until `stop_reason` is not `tool_use` or the
 * iteration cap is reached. Source of truth:
 * https://docs.anthropic.com/en/docs/agents-and-tools/tool-use/overview
 */
import type Anthropic from '@anthropic-ai/sdk';
import type { Once } from '../conversation/event-claim';
import type { Logger } from '../logger';
import { runToolUses } from './run-tools';
import { type PaimyTool, type ToolContext, toApiTool } from './tool';

export interface AgentTurnInput {
  client: Anthropic;
  model: string;
  system: Anthropic.TextBlockParam[];
  tools: ReadonlyMap<string, PaimyTool>;
  /** Earlier messages of the thread (already trimmed). */
  history: Anthropic.MessageParam[];
  userText: string;
  ctx: ToolContext;
  log: Logger;
  maxIterations?: number;
  maxTokens?: number;
  /** Journals each Claude answer so a rerun of the event replays it (see event-claim.ts). */
  once?: Once;
}

export interface AgentTurnResult {
  /** The answer to show the user (Markdown). */
  text: string;
  /** The history including this turn, to be trimmed and saved. */
  messages: Anthropic.MessageParam[];
  /** How the turn ended. */
  outcome: 'answered' | 'iteration_cap' | 'max_tokens' | 'refusal';
  claudeCalls: number;
}

const ITERATION_CAP_TEXT =
  '요청을 처리하는 단계가 너무 많아져서 여기서 멈췄어요. 원하는 것을 조금 더 구체적으로 말씀해 주시겠어요?';
const REFUSAL_TEXT = '죄송해요, 이 요청은 도와드릴 수 없어요.';

/**
 * Runs one user turn to completion.
 * @throws Anthropic.APIError when the Messages API fails after the SDK's own retries
 */
export async function runAgentTurn(input: AgentTurnInput): Promise<AgentTurnResult> {
  const { client, model, system, tools, ctx, log, maxIterations = 8, maxTokens = 2048 } = input;
  const once: Once = input.once ?? ((_key, produce) => produce());
  const apiTools = [...tools.values()].map(toApiTool);
  const last = apiTools.at(-1);
  if (last) last.cache_control = { type: 'ephemeral' }; // tools + static system form the cached prefix

  const messages: Anthropic.MessageParam[] = [...input.history, { role: 'user', content: input.userText }];
  for (let call = 1; call <= maxIterations; call++) {
    const response = await once(`claude:${call}`, () =>
      client.messages.create({ model, max_tokens: maxTokens, system, tools: apiTools, messages: withHistoryBreakpoint(messages) }),
    );
    log.info(
      {
        call,
        stop_reason: response.stop_reason,
        input_tokens: response.usage.input_tokens,
        cache_read_input_tokens: response.usage.cache_read_input_tokens,
        cache_creation_input_tokens: response.usage.cache_creation_input_tokens,
        output_tokens: response.usage.output_tokens,
      },
      'claude answered',
    );
    messages.push({ role: 'assistant', content: response.content });
    const text = textOf(response.content);

    if (response.stop_reason !== 'tool_use') {
      if (response.stop_reason === 'refusal') return { text: REFUSAL_TEXT, messages, outcome: 'refusal', claudeCalls: call };
      const outcome = response.stop_reason === 'max_tokens' ? 'max_tokens' : 'answered';
      return { text: text || '(빈 응답)', messages, outcome, claudeCalls: call };
    }
    const toolUses = response.content.filter((b): b is Anthropic.ToolUseBlock => b.type === 'tool_use');
    // Only text Claude had already seen can have steered this batch's calls.
    const batchCtx = { ...ctx, untrustedSeen: ctx.isUntrusted() };
    messages.push({ role: 'user', content: await runToolUses(toolUses, tools, batchCtx) });
  }
  // Close the turn so the saved history stays a valid alternation of user and assistant.
  messages.push({ role: 'assistant', content: ITERATION_CAP_TEXT });
  log.warn({ maxIterations }, 'agent loop hit its iteration cap');
  return { text: ITERATION_CAP_TEXT, messages, outcome: 'iteration_cap', claudeCalls: maxIterations };
}

function textOf(content: Anthropic.ContentBlock[]): string {
  return content
    .filter((b): b is Anthropic.TextBlock => b.type === 'text')
    .map((b) => b.text)
    .join('\n')
    .trim();
}

/**
 * Marks the newest message's last block for caching so each loop iteration reads the
 * previous one's prefix from the cache. Copies; the saved history carries no markers.
 */
function withHistoryBreakpoint(messages: Anthropic.MessageParam[]): Anthropic.MessageParam[] {
  const copy = messages.slice();
  const lastMessage = copy.at(-1);
  if (!lastMessage) return copy;
  const blocks: Anthropic.ContentBlockParam[] =
    typeof lastMessage.content === 'string'
      ? [{ type: 'text', text: lastMessage.content }]
      : lastMessage.content.slice();
  const tail = blocks.at(-1);
  if (tail && 'type' in tail && tail.type !== 'thinking' && tail.type !== 'redacted_thinking') {
    blocks[blocks.length - 1] = { ...tail, cache_control: { type: 'ephemeral' } } as Anthropic.ContentBlockParam;
  }
  copy[copy.length - 1] = { ...lastMessage, content: blocks } as Anthropic.MessageParam;
  return copy;
}
