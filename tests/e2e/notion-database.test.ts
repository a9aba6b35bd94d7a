/**
 * Real task databases differ: 상태 as a status or a select, Notion's default option names,
 * missing or mistyped properties, or no Notion at all.
 */
import { Client } from '@notionhq/client';
import { afterEach, describe, expect, it } from 'vitest';
import { NotionTasks } from '../../src/adapters/notion';
import { loadConfig } from '../../src/config';
import { startNotionFake, text, toolUse } from '../fakes';
import { type Harness, mention, message, startHarness } from '../support/harness';
import { listedTaskId, toolResultJson } from '../support/claude-requests';
import { MINJI, seedTeam } from '../support/team';

describe('the Notion task database', () => {
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });

  it('works with 상태 as a select using Notion default option names', async () => {
    const names = { Backlog: 'Not started', 'In Progress': 'In progress', Blocked: 'Blocked', Done: 'Done' };
    h = await startHarness({
      now: '2026-11-23T00:30:00+09:00',
      notion: { statusPropertyType: 'select', statusOptions: Object.values(names) },
      env: { NOTION_STATUS_NAMES: JSON.stringify(names) },
    });
    const team = seedTeam(h, { Backlog: 'Not started', 'In Progress': 'In progress', Done: 'Done' });
    h.claude.script(toolUse('get_tasks', { period: 'this_week' }), text('두 개예요.'));
    const ask = mention('이번 주 태스크', { user: MINJI.slack });
    await h.deliver(ask);
    await h.settle();
    const listed = toolResultJson(h.claude.requests[1]!.body);
    expect(listed.tasks.map((t: { id: string; status: string }) => [t.id, t.status])).toEqual([
      [team.tasks.report, 'In Progress'],
      [team.tasks.interview, 'Backlog'],
    ]);

    h.claude.script(
      (req) => toolUse('update_task', { task_id: listedTaskId((req.system as { text: string }[]).map((b) => b.text).join('\n'), 2), status: 'Done' }),
      text('완료!'),
    );
    await h.deliver(message('두 번째 거 완료', { user: MINJI.slack, channel: ask.channel, thread_ts: ask.ts }));
    await h.settle();
    expect(h.notion.taskStatus(team.tasks.interview)).toBe('Done');
    expect(h.notion.prop(team.tasks.interview, '상태')).toMatchObject({ type: 'select' });
  });

  it('names every missing or mistyped property in one start-up error', async () => {
    const notion = await startNotionFake({ properties: { 마감일: { type: 'rich_text' }, 담당자: null, 우선순위: null } });
    try {
      const config = loadConfig({
        SLACK_BOT_TOKEN: 'xoxb-1',
        SLACK_SIGNING_SECRET: 's',
        ANTHROPIC_API_KEY: 'k',
        NOTION_INTEGRATION_TOKEN: 'ntn_1',
        NOTION_TASK_DATABASE_ID: notion.databaseId,
        NOTION_BASE_URL: notion.url,
      });
      const tasks = new NotionTasks({ config: config.notion!, client: new Client({ auth: 'ntn_1', baseUrl: notion.url }) });
      const error = await tasks.ready().then(() => undefined, (e: unknown) => e as Error);
      expect(error?.name).toBe('NotionSchemaError');
      expect(error?.message).toContain('"마감일" should be a date property but is rich_text');
      expect(error?.message).toContain('"담당자" (people) is missing');
      expect(error?.message).not.toContain('우선순위'); // optional: left out of reads and writes instead
    } finally {
      await notion.close();
    }
  });

  it('says Notion is not connected instead of offering task tools', async () => {
    h = await startHarness({ notion: false });
    h.slack.addUser({ id: MINJI.slack, name: 'minji', realName: MINJI.name, email: MINJI.email });
    h.claude.script(text('Notion이 연결되어 있지 않아요.'));
    await h.deliver(mention('내 태스크', { user: MINJI.slack }));
    await h.settle();
    const sent = h.claude.requests[0]!.body;
    expect((sent.tools ?? []).map((t) => (t as { name: string }).name)).toEqual(['find_person']);
    expect(h.claude.systemText(0)).toContain('Notion (tasks) is not connected');
  });
});
