import Anthropic from '@anthropic-ai/sdk';
import type { MessageParam, Tool } from '@anthropic-ai/sdk/resources/messages';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { apiError, startAnthropicFake, text, toolUse, type AnthropicFake } from '../fakes';

let fake: AnthropicFake;
let claude: Anthropic;
const MODEL = 'claude-sonnet-4-6';
const tools: Tool[] = [
  { name: 'list_tasks', description: 'List tasks', input_schema: { type: 'object', properties: { owner: { type: 'string' } } } },
];
const system = [{ type: 'text' as const, text: 'You are Paimy. '.repeat(50), cache_control: { type: 'ephemeral' as const } }];

beforeEach(async () => {
  if (!fake) fake = await startAnthropicFake();
  fake.reset();
  claude = new Anthropic({ apiKey: 'sk-test', baseURL: fake.url, maxRetries: 0 });
});
afterAll(() => fake.close());

describe('anthropic fake with the real SDK', () => {
  it('plays a tool_use turn then a text turn, with cache accounting', async () => {
    fake.script(toolUse('list_tasks', { owner: 'me' }), (req) => {
      const last = req.messages.at(-1);
      const result = Array.isArray(last?.content) ? last.content[0] : undefined;
      return text(result?.type === 'tool_result' ? `got ${String(result.content)}` : 'no result');
    });
    const messages: MessageParam[] = [{ role: 'user', content: '내 할 일?' }];
    const first = await claude.messages.create({ model: MODEL, max_tokens: 1024, system, tools, messages });
    expect(first.stop_reason).toBe('tool_use');
    const use = first.content[0];
    if (use?.type !== 'tool_use') throw new Error('expected tool_use');
    expect(use).toMatchObject({ name: 'list_tasks', input: { owner: 'me' } });
    expect(use.id).toMatch(/^toolu_01/);
    expect(first.usage.cache_creation_input_tokens).toBeGreaterThan(0);
    expect(first.usage.cache_read_input_tokens).toBe(0);

    messages.push({ role: 'assistant', content: first.content });
    messages.push({ role: 'user', content: [{ type: 'tool_result', tool_use_id: use.id, content: '3 tasks' }] });
    const second = await claude.messages.create({ model: MODEL, max_tokens: 1024, system, tools, messages });
    expect(second.stop_reason).toBe('end_turn');
    expect(second.content).toEqual([{ type: 'text', text: 'got 3 tasks', citations: null }]);
    expect(second.usage.cache_read_input_tokens).toBe(first.usage.cache_creation_input_tokens);
    expect(second.model).toBe(MODEL);

    expect(fake.requests).toHaveLength(2);
    expect(fake.requests[0]?.headers['anthropic-version']).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(fake.systemText()).toContain('You are Paimy.');
    expect(fake.remaining()).toBe(0);
    expect(fake.unscripted).toBe(0);
  });

  it('reads the longest cached prefix when the cache breakpoint moves forward', async () => {
    fake.script(text('one'), text('two'));
    const cc = { type: 'ephemeral' as const };
    const turn1: MessageParam = { role: 'user', content: [{ type: 'text', text: 'first question '.repeat(40), cache_control: cc }] };
    const r1 = await claude.messages.create({ model: MODEL, max_tokens: 10, system, messages: [turn1] });
    const turn1Plain: MessageParam = { role: 'user', content: [{ type: 'text', text: 'first question '.repeat(40) }] };
    const r2 = await claude.messages.create({
      model: MODEL,
      max_tokens: 10,
      system,
      messages: [
        turn1Plain,
        { role: 'assistant', content: 'one' },
        { role: 'user', content: [{ type: 'text', text: 'follow-up', cache_control: cc }] },
      ],
    });
    expect(r1.usage.cache_read_input_tokens).toBe(0);
    expect(r2.usage.cache_read_input_tokens).toBe(r1.usage.cache_creation_input_tokens);
    expect(r2.usage.cache_creation_input_tokens).toBeGreaterThan(0);
    expect(r2.usage.input_tokens).toBe(0);
  });

  it('surfaces overloaded as a 529 APIError and an empty script as a loud 500', async () => {
    fake.script(apiError('overloaded_error'));
    const err = await claude.messages
      .create({ model: MODEL, max_tokens: 10, messages: [{ role: 'user', content: 'hi' }] })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Anthropic.APIError);
    expect((err as InstanceType<typeof Anthropic.APIError>).status).toBe(529);
    expect((err as InstanceType<typeof Anthropic.APIError>).error).toMatchObject({ error: { type: 'overloaded_error' } });

    await expect(
      claude.messages.create({ model: MODEL, max_tokens: 10, messages: [{ role: 'user', content: 'hi' }] }),
    ).rejects.toThrow(/no scripted response left/);
    expect(fake.unscripted).toBe(1);
  });

  it('rejects malformed tool loops and streaming like the API does', async () => {
    fake.script(text('unused'));
    await expect(
      claude.messages.create({
        model: MODEL,
        max_tokens: 10,
        messages: [
          { role: 'user', content: 'hi' },
          { role: 'assistant', content: [{ type: 'tool_use', id: 'toolu_01x', name: 'list_tasks', input: {} }] },
          { role: 'user', content: 'forgot the tool_result' },
        ],
      }),
    ).rejects.toMatchObject({ status: 400 });
    await expect(
      claude.messages.create({ model: MODEL, max_tokens: 10, stream: true, messages: [{ role: 'user', content: 'hi' }] }),
    ).rejects.toMatchObject({ status: 400 });
    expect(fake.remaining()).toBe(1);
  });

  it('requires an API key', async () => {
    const res = await fetch(`${fake.url}/v1/messages`, { method: 'POST', body: '{}' });
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ type: 'error', error: { type: 'authentication_error' } });
  });
});
