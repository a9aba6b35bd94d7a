/**
 * The main job (issue #2): "@Paimy 내 이번 주 태스크 보여줘" lists this week's tasks in the
 * thread; "이거 완료 처리해줘" in the same thread marks the right Notion page Done.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BOT_USER_ID, text, toolUse } from '../fakes';
import { listedTaskId, toolResultJson } from '../support/claude-requests';
import { type Harness, mention, message, startHarness } from '../support/harness';
import { MINJI, type SeededTeam, seedTeam } from '../support/team';

type Button = { action_id: string; value: string };
function buttonsIn(blocks: unknown[] | undefined): Button[] {
  return (blocks ?? []).flatMap((b) => {
    const accessory = (b as { accessory?: Button & { type: string } }).accessory;
    return accessory?.type === 'button' ? [accessory] : [];
  });
}

describe('tasks in Slack, end to end', () => {
  let h: Harness;
  let team: SeededTeam;

  beforeEach(async () => {
    // Monday 00:30 in Seoul is still Sunday 15:30 in UTC.
    h = await startHarness({ now: '2026-11-23T00:30:00+09:00' });
    team = seedTeam(h);
  });
  afterEach(async () => {
    expect(h.claude.unscripted).toBe(0);
    await h.close();
  });

  it('lists my tasks due this week (KST) in the thread, then marks "이거" done from a follow-up', async () => {
    h.claude.script(
      (req) => {
        const system = (req.system as { text: string }[]).map((b) => b.text).join('\n');
        expect(system).toContain('2026-11-23 (월요일, Monday) 00:30 Asia/Seoul');
        expect(system).toContain(team.minjiNotionId);
        return toolUse('get_tasks', { period: 'this_week' });
      },
      text('이번 주 마감 태스크는 2개예요. *주간 보고서 작성*이 내일 마감이에요.'),
    );
    const ask = mention('내 이번 주 태스크 보여줘', { user: MINJI.slack });
    const res = await h.deliver(ask);
    expect(res.status).toBe(200);
    await h.settle();

    // What Claude got from get_tasks: Minji's open tasks due Mon 11-23 … Sun 11-29, nothing else.
    const listed = toolResultJson(h.claude.requests[1]!.body);
    expect(listed.due_range).toEqual({ from: '2026-11-23', to: '2026-11-29' });
    expect(listed.tasks.map((t: { id: string }) => t.id)).toEqual([team.tasks.report, team.tasks.interview]);

    // What Minji sees: one reply in the thread of her mention, with a 완료 button per task.
    const replies = h.slack.messagesIn(ask.channel, ask.ts);
    expect(replies).toHaveLength(1);
    const reply = replies[0]!;
    expect(reply.text).toContain('이번 주 마감 태스크는 2개');
    expect(buttonsIn(reply.blocks)).toEqual([
      expect.objectContaining({ action_id: 'paimy_task_done', value: team.tasks.report }),
      expect.objectContaining({ action_id: 'paimy_task_done', value: team.tasks.interview }),
    ]);
    expect(JSON.stringify(reply.blocks)).toContain('11월 24일 (화)');

    // The follow-up needs no mention; Claude resolves "이거" from the thread context Paimy sends.
    h.claude.script(
      (req) => {
        const system = (req.system as { text: string }[]).map((b) => b.text).join('\n');
        expect(req.messages[0]).toMatchObject({ role: 'user', content: '내 이번 주 태스크 보여줘' });
        return toolUse('update_task', { task_id: listedTaskId(system, 1), status: 'Done' });
      },
      text('*주간 보고서 작성*을 완료로 바꿨어요.'),
    );
    await h.deliver(message('이거 완료 처리해줘', { user: MINJI.slack, channel: ask.channel, thread_ts: ask.ts }));
    await h.settle();

    expect(h.notion.taskStatus(team.tasks.report)).toBe('Done');
    expect(h.notion.taskStatus(team.tasks.interview)).toBe('Backlog');
    expect(toolResultJson(h.claude.requests[3]!.body)).toMatchObject({ updated: true, task: { id: team.tasks.report, status: 'Done' } });
    const thread = h.slack.messagesIn(ask.channel, ask.ts);
    expect(thread).toHaveLength(2);
    expect(thread[1]!.text).toContain('완료로 바꿨어요');
  });

  it('marks a task done from its button without asking Claude, and updates the message', async () => {
    h.claude.script(toolUse('get_tasks', { period: 'this_week' }), text('이번 주 태스크예요.'));
    const ask = mention('이번 주 할 일', { user: MINJI.slack });
    await h.deliver(ask);
    await h.settle();
    const reply = h.slack.messagesIn(ask.channel, ask.ts)[0]!;
    const claudeCalls = h.claude.requests.length;

    const res = await h.click({
      type: 'block_actions',
      team: { id: 'T0TEAM', domain: 'paimy' },
      user: { id: MINJI.slack, username: 'minji', team_id: 'T0TEAM' },
      api_app_id: 'APAIMY',
      token: 'legacy',
      trigger_id: '1.2.3',
      container: { type: 'message', message_ts: reply.ts, channel_id: ask.channel, is_ephemeral: false },
      channel: { id: ask.channel, name: 'project' },
      message: { type: 'message', user: BOT_USER_ID, ts: reply.ts, thread_ts: ask.ts, text: reply.text, blocks: reply.blocks },
      response_url: `${h.slack.url}/response`,
      actions: [
        {
          type: 'button',
          action_id: 'paimy_task_done',
          block_id: `task:${team.tasks.interview}`,
          value: team.tasks.interview,
          text: { type: 'plain_text', text: '완료' },
          action_ts: '1795400001.000001',
        },
      ],
    });
    expect(res.status).toBe(200);
    await h.settle();

    expect(h.notion.taskStatus(team.tasks.interview)).toBe('Done');
    expect(h.claude.requests.length).toBe(claudeCalls);
    const updated = h.slack.messagesIn(ask.channel, ask.ts)[0]!;
    expect(updated.updatedCount).toBe(1);
    expect(buttonsIn(updated.blocks).map((b) => b.value)).toEqual([team.tasks.report]);
    expect(JSON.stringify(updated.blocks)).toContain('✅');
  });

  it('answers a DM without a mention', async () => {
    h.claude.script(toolUse('get_tasks', { period: 'overdue' }), text('밀린 태스크가 1개 있어요.'));
    const dm = message('밀린 일 있어?', { user: MINJI.slack, channel: 'D0MINJI', channel_type: 'im' });
    await h.deliver(dm);
    await h.settle();
    expect(toolResultJson(h.claude.requests[1]!.body).tasks.map((t: { id: string }) => t.id)).toEqual([team.tasks.lastSunday]);
    const replies = h.slack.messagesIn('D0MINJI', dm.ts);
    expect(replies.map((m) => m.text)).toEqual([expect.stringContaining('밀린 태스크가 1개')]);
  });

  it('ignores bots, its own messages, edits and channel chatter outside its threads', async () => {
    await h.deliver(message('봇이 쓴 글', { bot_id: 'B0OTHER', subtype: 'bot_message', channel: 'C0PROJECT' }));
    await h.deliver(message('다른 봇', { user: 'U0BOT', bot_id: 'B0OTHER', channel: 'D0MINJI', channel_type: 'im' }));
    await h.deliver(message('내가 쓴 답', { user: BOT_USER_ID, channel: 'D0MINJI', channel_type: 'im' }));
    await h.deliver(message('수정됨', { user: MINJI.slack, subtype: 'message_changed', channel: 'D0MINJI', channel_type: 'im' }));
    await h.deliver(message('그냥 잡담', { user: MINJI.slack, channel: 'C0PROJECT' }));
    await h.deliver(message('모르는 스레드', { user: MINJI.slack, channel: 'C0PROJECT', thread_ts: '1795300000.000001' }));
    await h.deliver({ ...mention('나도 봇', { user: 'U0BOT' }), bot_id: 'B0OTHER' });
    await h.settle();
    expect(h.claude.requests).toHaveLength(0);
    expect(h.slack.callsOf('chat.postMessage')).toHaveLength(0);
  });

  it('answers the same event delivered three times, and its message twin, exactly once', async () => {
    h.claude.latencyMs = 300; // retries arrive while the first delivery is still being answered
    h.claude.script(toolUse('get_tasks', { period: 'today' }), text('오늘 마감인 태스크는 없어요.'));
    const ask = mention('오늘 할 일', { user: MINJI.slack });
    const twin = message(ask.text, { user: MINJI.slack, channel: ask.channel, ts: ask.ts });
    const responses = await Promise.all([
      h.deliver(ask, { eventId: 'EvSAME' }),
      h.deliver(ask, { eventId: 'EvSAME', retryNum: 1 }),
      h.deliver(twin, { eventId: 'EvTWIN' }),
      h.deliver(ask, { eventId: 'EvSAME', retryNum: 2 }),
    ]);
    expect(responses.map((r) => r.status)).toEqual([200, 200, 200, 200]);
    await h.settle();
    expect(h.slack.messagesIn(ask.channel, ask.ts)).toHaveLength(1);
    expect(h.claude.requests).toHaveLength(2);
  });

  it('explains kindly when it cannot link someone to Notion, without asking Claude', async () => {
    const ask = mention('내 태스크 보여줘', { user: 'U0GUEST' });
    await h.deliver(ask);
    await h.settle();
    const [reply] = h.slack.messagesIn(ask.channel, ask.ts);
    expect(reply?.text).toContain('guest@elsewhere.example');
    expect(reply?.text).toContain('Notion');
    expect(h.claude.requests).toHaveLength(0);
  });

  it('remembers the mapping after first contact (one users.info per person)', async () => {
    h.claude.script(text('안녕하세요!'), text('또 만나요!'));
    await h.deliver(mention('안녕', { user: MINJI.slack }));
    await h.settle();
    await h.deliver(mention('또 안녕', { user: MINJI.slack }));
    await h.settle();
    expect(h.slack.callsOf('users.info')).toHaveLength(1);
    expect(await h.store.getUserMapping(MINJI.slack)).toMatchObject({
      notionUserId: team.minjiNotionId,
      googleEmail: MINJI.email,
      source: 'auto',
    });
    expect(h.notion.callsOf('GET', /\/v1\/data_sources\/[^/]+$/)).toHaveLength(1); // schema read once, at start-up
  });
});

describe('work in progress, the way Slack AI apps show it', () => {
  it('sets a status in an assistant (DM) thread and reacts to the message', async () => {
    const h = await startHarness();
    try {
      seedTeam(h);
      h.claude.script(text('네, 여기 있어요.'));
      const root = '1795400000.000042';
      const dm = message('내 태스크?', { user: MINJI.slack, channel: 'D0MINJI', channel_type: 'im', thread_ts: root });
      await h.deliver(dm);
      await h.settle();
      expect(h.slack.callsOf('assistant.threads.setStatus').map((c) => c.args)).toEqual([
        expect.objectContaining({ channel_id: 'D0MINJI', thread_ts: root, status: '생각하는 중…' }),
      ]);
      expect(h.slack.callsOf('reactions.add').map((c) => c.args.timestamp)).toEqual([dm.ts]);
      expect(h.slack.messagesIn('D0MINJI', root).map((m) => m.text)).toEqual(['네, 여기 있어요.']);
    } finally {
      await h.close();
    }
  });
});
