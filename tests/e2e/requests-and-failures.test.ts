/**
 * How Paimy treats what arrives at its door and what goes wrong behind it: signatures, the ack,
 * Claude's mistakes, Claude's outages. Every case ends in a reply a user would find fair, or in
 * no processing at all.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { apiError, text, toolUse, toolUses } from '../fakes';
import { toolResultJson, toolResults } from '../support/claude-requests';
import { type Harness, mention, startHarness } from '../support/harness';
import { signSlackRequest } from '../support/slack-signing';
import { MINJI, type SeededTeam, seedTeam } from '../support/team';

describe('requests and failures', () => {
  let h: Harness;
  let team: SeededTeam;

  beforeEach(async () => {
    h = await startHarness({ now: '2026-11-23T10:00:00+09:00' });
    team = seedTeam(h);
  });
  afterEach(async () => {
    await h.close();
  });

  it('rejects a bad signature or a stale timestamp with 401 and processes nothing', async () => {
    const body = JSON.stringify({ type: 'event_callback', event_id: 'EvFORGED', event: mention('태스크', { user: MINJI.slack }) });
    const forged = await h.post(body, { sign: false, headers: signSlackRequest('wrong-secret', body) });
    expect(forged.status).toBe(401);
    const stale = await h.post(body, { sign: false, headers: signSlackRequest('test-signing-secret', body, Math.floor(Date.now() / 1000) - 600) });
    expect(stale.status).toBe(401);
    const unsigned = await h.post(body, { sign: false });
    expect(unsigned.status).toBe(401);
    await h.settle();
    expect(h.claude.requests).toHaveLength(0);
    expect(h.slack.callsOf('chat.postMessage')).toHaveLength(0);
  });

  it('rejects a timestamp from the future, malformed JSON and oversized bodies, and ignores unknown events', async () => {
    const body = JSON.stringify({ type: 'event_callback', event_id: 'EvFUTURE', event: mention('태스크', { user: MINJI.slack }) });
    const future = await h.post(body, { sign: false, headers: signSlackRequest('test-signing-secret', body, Math.floor(Date.now() / 1000) + 600) });
    expect(future.status).toBe(401);
    expect((await h.post('{"type": "event_callback", ')).status).toBe(400);
    const huge = JSON.stringify({ type: 'event_callback', event_id: 'EvHUGE', event: mention('x'.repeat(2 * 1024 * 1024), { user: MINJI.slack }) });
    expect((await h.post(huge)).status).toBe(413);
    const unknown = await h.deliver({ type: 'reaction_added', user: MINJI.slack, reaction: 'eyes', item: { type: 'message', channel: 'C0PROJECT', ts: '1.1' }, ts: '1795400000.000001' });
    expect(unknown.status).toBe(200);
    await h.settle();
    expect(h.claude.requests).toHaveLength(0);
    expect(h.slack.callsOf('chat.postMessage')).toHaveLength(0);
  });

  it('acknowledges before the work is done, even while Claude takes seconds', async () => {
    h.claude.latencyMs = 1500;
    h.claude.script(text('안녕하세요!'));
    const ask = mention('안녕', { user: MINJI.slack });
    const started = Date.now();
    const res = await h.deliver(ask);
    const ackMs = Date.now() - started;
    expect(res.status).toBe(200);
    expect(ackMs).toBeLessThan(1500); // not a timing target (that lives in the benchmark): the ack must not wait for Claude
    expect(h.slack.messagesIn(ask.channel, ask.ts)).toHaveLength(0);
    // First feedback while Claude works: a reaction on the user's message, removed once answered.
    await h.slack.waitFor((s) => s.reactions.some((r) => r.timestamp === ask.ts && r.name === 'eyes'));
    await h.settle();
    expect(h.slack.messagesIn(ask.channel, ask.ts)).toHaveLength(1);
    expect(h.slack.reactions.filter((r) => r.timestamp === ask.ts)).toEqual([]);
  });

  it('answers the Slack URL verification challenge', async () => {
    const res = await h.post(JSON.stringify({ type: 'url_verification', challenge: 'abc123', token: 't' }));
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('abc123');
  });

  it('answers 404 to paths it does not serve, and keeps serving', async () => {
    expect((await fetch(`${h.url}/`, { method: 'POST', body: '{}' })).status).toBe(404);
    expect((await fetch(`${h.url}/nope`)).status).toBe(404);
    expect((await fetch(`${h.url}/healthz`)).status).toBe(200);
  });

  it('serves /healthz and /readyz', async () => {
    expect((await fetch(`${h.url}/healthz`)).status).toBe(200);
    const ready = await fetch(`${h.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ ok: true });
  });

  it('runs all tool calls of a turn together and answers them in one message', async () => {
    h.claude.script(
      toolUses([
        { name: 'get_tasks', input: { period: 'this_week' } },
        { name: 'find_person', input: { name: '수진님' } },
      ]),
      text('정리했어요.'),
    );
    await h.deliver(mention('내 이번 주 태스크랑 수진님 찾아줘', { user: MINJI.slack }));
    await h.settle();
    expect(h.claude.requests).toHaveLength(2); // 1 + one round of tools, not one call per tool
    const results = toolResults(h.claude.requests[1]!.body);
    expect(results).toHaveLength(2);
    expect(results.every((r) => !r.is_error)).toBe(true);
    const person = JSON.parse(results[1]!.content as string);
    expect(person.people[0]).toMatchObject({ slack_user_id: 'U0SUJIN', notion_user_id: team.sujinNotionId, email: 'sujin@paimy.example' });
  });

  it('sends a wrong tool input back to Claude as is_error and writes nothing', async () => {
    h.claude.script(
      toolUses([
        { name: 'update_task', input: { task_id: team.tasks.report, status: 'Finished' } },
        { name: 'get_tasks', input: { due_date_start: '2026-11-30', due_date_end: '2026-11-23' } },
        { name: 'update_task', input: { task_id: 'f0f0f0f0-0000-4000-8000-000000000000', status: 'Done' } },
        { name: 'send_rocket', input: {} },
      ]),
      toolUse('update_task', { task_id: team.tasks.report, status: 'Done' }),
      text('완료로 바꿨어요.'),
    );
    const ask = mention('보고서 끝났어', { user: MINJI.slack });
    await h.deliver(ask);
    await h.settle();
    const results = toolResults(h.claude.requests[1]!.body);
    expect(results.map((r) => r.is_error)).toEqual([true, true, true, true]);
    expect(results[0]!.content).toMatch(/status/);
    expect(results[1]!.content).toMatch(/ends \(2026-11-23\) before it starts \(2026-11-30\)/);
    expect(results[2]!.content).toMatch(/No task with id/);
    expect(results[3]!.content).toMatch(/unknown tool "send_rocket"/);
    expect(h.notion.callsOf('PATCH')).toHaveLength(1); // only the corrected call wrote
    expect(h.notion.taskStatus(team.tasks.report)).toBe('Done');
    expect(h.slack.messagesIn(ask.channel, ask.ts).map((m) => m.text)).toEqual(['완료로 바꿨어요.']);
  });

  it('refuses to touch a page outside the task database', async () => {
    const outsider = h.notion.addTask({ title: 'x', status: 'Backlog' });
    const page = h.notion.page(outsider)!;
    (page as { parent: unknown }).parent = { type: 'page_id', page_id: 'aaaaaaaa-0000-4000-8000-000000000000' };
    h.claude.script(toolUse('update_task', { task_id: outsider, status: 'Done' }), text('못 했어요.'));
    await h.deliver(mention('그 페이지 완료해줘', { user: MINJI.slack }));
    await h.settle();
    expect(toolResults(h.claude.requests[1]!.body)[0]).toMatchObject({ is_error: true });
    expect(h.notion.callsOf('PATCH')).toHaveLength(0);
  });

  it('keeps every answer whole when Notion allows only 3 requests per second', async () => {
    await h.close();
    h = await startHarness({ now: '2026-11-23T10:00:00+09:00', env: { NOTION_REQUESTS_PER_SECOND: '3' } });
    team = seedTeam(h);
    h.notion.rateLimitPerSecond(3);
    const asks = Array.from({ length: 9 }, () => mention('이번 주 태스크', { user: MINJI.slack }));
    h.claude.script(...asks.flatMap(() => [toolUse('get_tasks', { period: 'this_week' }), text('이번 주 태스크예요.')]));
    await Promise.all(asks.map((a) => h.deliver(a)));
    await h.settle();
    for (const a of asks) expect(h.slack.messagesIn(a.channel, a.ts).map((m) => m.text)).toEqual(['이번 주 태스크예요.']);
    const rateLimited = h.notion.calls.filter((c) => c.fault && 'status' in c.fault && c.fault.status === 429);
    expect(rateLimited).toHaveLength(0); // paced below the limit, not rescued by retries
  });

  it('retries a Notion 5xx and a 429 with Retry-After without the user noticing', async () => {
    h.notion.failNext(/^GET \/v1\/pages\//, { status: 503 });
    h.notion.failNext(/^GET \/v1\/pages\//, { status: 429, retryAfterSeconds: 1 });
    h.claude.script(toolUse('get_task', { task_id: team.tasks.report }), text('보고서 태스크예요.'));
    const ask = mention('보고서 태스크 보여줘', { user: MINJI.slack });
    await h.deliver(ask);
    await h.settle();
    expect(toolResultJson(h.claude.requests[1]!.body)).toMatchObject({ id: team.tasks.report, title: '주간 보고서 작성' });
    expect(h.notion.callsOf('GET', /\/v1\/pages\//)).toHaveLength(3);
  });

  it('tells the user kindly when Claude is overloaded, without a stack trace', async () => {
    h.claude.script(apiError('overloaded_error'));
    const ask = mention('내 태스크', { user: MINJI.slack });
    await h.deliver(ask);
    await h.settle();
    const [reply] = h.slack.messagesIn(ask.channel, ask.ts);
    expect(reply?.text).toContain('잠시 후 다시');
    expect(reply?.text).not.toMatch(/Error|at .*\.ts/);
  });

  it('stops a runaway loop at the iteration cap with a helpful message', async () => {
    h.claude.script(...Array.from({ length: 8 }, () => toolUse('get_tasks', { period: 'today' })));
    const ask = mention('계속 찾아봐', { user: MINJI.slack });
    await h.deliver(ask);
    await h.settle();
    expect(h.claude.requests).toHaveLength(8);
    expect(h.slack.messagesIn(ask.channel, ask.ts)[0]?.text).toContain('너무 많아져서');
  });

  it('never pings the channel, whatever Claude writes', async () => {
    h.claude.script(text('<!channel> 모두 확인해 주세요 @here'));
    const ask = mention('공지해줘', { user: MINJI.slack });
    await h.deliver(ask);
    await h.settle();
    const posted = JSON.stringify(h.slack.messagesIn(ask.channel, ask.ts));
    expect(posted).not.toContain('<!channel>');
    expect(posted).not.toMatch(/(^|[^\u200b])@here/);
  });
});
