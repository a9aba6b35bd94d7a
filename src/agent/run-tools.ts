/**
 * Runs one turn's `tool_use` blocks concurrently and answers each with a `tool_result`.
 * Anything a tool throws, an unknown tool name and input that fails validation become
 * `is_error: true` results so Claude can recover. Source of truth:
 * https://docs.anthropic.com/en/docs/agents-and-tools/tool-use/implement-tool-use
 */
import type Anthropic from '@anthropic-ai/sdk';
import { z } from 'zod';
import type { PaimyTool, ToolContext } from './tool';
import { ToolInputError } from './tool';

/** Longest tool_result content sent back (characters); the rest is cut with a note. */
const MAX_RESULT_CHARS = 20_000;
const TOOL_TIMEOUT_MS = 30_000;

/**
 * @param toolUses the `tool_use` blocks of one assistant message
 * @returns one `tool_result` per block, in the same order
 */
export async function runToolUses(
  toolUses: Anthropic.ToolUseBlock[],
  tools: ReadonlyMap<string, PaimyTool>,
  ctx: ToolContext,
): Promise<Anthropic.ToolResultBlockParam[]> {
  return Promise.all(toolUses.map((use) => runOne(use, tools, ctx)));
}

async function runOne(
  use: Anthropic.ToolUseBlock,
  tools: ReadonlyMap<string, PaimyTool>,
  ctx: ToolContext,
): Promise<Anthropic.ToolResultBlockParam> {
  const log = ctx.log.child({ tool: use.name, tool_use_id: use.id });
  const fail = (message: string): Anthropic.ToolResultBlockParam => {
    log.warn({ err_message: message }, 'tool returned an error to Claude');
    return { type: 'tool_result', tool_use_id: use.id, is_error: true, content: `Error: ${message}` };
  };
  const tool = tools.get(use.name);
  if (!tool) return fail(`unknown tool "${use.name}"; use one of: ${[...tools.keys()].join(', ')}`);

  const parsed = tool.input.safeParse(use.input);
  if (!parsed.success) return fail(`invalid input for ${use.name}: ${z.prettifyError(parsed.error)}`);

  const started = Date.now();
  try {
    const call = () => withTimeout(tool.run(parsed.data, { ...ctx, log, toolUseId: use.id }), TOOL_TIMEOUT_MS, use.name);
    const result = tool.writes ? await ctx.once(`tool:${use.id}`, async () => (await call()) ?? null) : await call();
    log.info({ ms: Date.now() - started }, 'tool ran');
    return { type: 'tool_result', tool_use_id: use.id, content: truncate(JSON.stringify(result ?? null)) };
  } catch (error) {
    if (!(error instanceof ToolInputError)) log.error({ err: error }, 'tool failed');
    return fail(error instanceof Error ? error.message : String(error));
  }
}

function truncate(text: string): string {
  return text.length <= MAX_RESULT_CHARS
    ? text
    : `${text.slice(0, MAX_RESULT_CHARS)}… [truncated ${text.length - MAX_RESULT_CHARS} characters]`;
}

function withTimeout<T>(promise: Promise<T>, ms: number, name: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${name} took longer than ${ms / 1000} s`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
