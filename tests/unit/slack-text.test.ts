import { describe, expect, it } from 'vitest';
import type { Task } from '../../src/adapters/notion';
import { answerMessage } from '../../src/slack/reply-blocks';
import { defuseMentions, stripBotMention } from '../../src/slack/safe-text';
import { fixedClock } from '../../src/time';

const time = { zone: 'Asia/Seoul', clock: fixedClock('2026-11-23T09:00:00+09:00') };
const task = (over: Partial<Task>): Task => ({
  id: 'p1', url: 'https://www.notion.so/p1', title: '보고서', status: 'Backlog', statusName: 'Backlog',
  owners: [], due: '2026-11-24', priority: 'High', details: '', source: null, sourceUrl: null, ...over,
});

describe('text Paimy posts', () => {
  it('defuses channel-wide pings from any source', () => {
    const out = defuseMentions('<!channel> hi <!here|here> <!everyone> <!subteam^S123|@devs> and @here too');
    expect(out).not.toMatch(/<!/);
    expect(out).not.toMatch(/(^|\s)@(here|channel|everyone)\b/);
    expect(out).toContain('devs');
  });

  it('strips only the bot mention from a request', () => {
    expect(stripBotMention('<@UPAIMY> <@U0SUJIN> 수진님 태스크', 'UPAIMY')).toBe('<@U0SUJIN> 수진님 태스크');
  });

  it('renders tasks with a done button, a Korean due date, and no button for Done tasks', () => {
    const msg = answerMessage('**두 개** 있어요', [task({}), task({ id: 'p2', status: 'Done', statusName: 'Done', title: 'a <b> & c' })], time);
    expect(msg.text).toContain('*두 개*'); // Markdown → Slack mrkdwn for the notification text
    expect(msg.blocks[0]).toEqual({ type: 'markdown', text: '**두 개** 있어요' });
    const rows = msg.blocks.slice(2) as { accessory?: { action_id: string; value: string }; text: { text: string } }[];
    expect(rows[0]!.accessory).toMatchObject({ action_id: 'paimy_task_done', value: 'p1' });
    expect(rows[0]!.text.text).toContain('마감 11월 24일 (화)');
    expect(rows[1]!.accessory).toBeUndefined();
    expect(rows[1]!.text.text).toContain('a &lt;b&gt; &amp; c');
  });
});
