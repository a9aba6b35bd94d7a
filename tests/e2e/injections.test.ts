/**
 * Issue #4, safety: instructions hidden in mail and task text cannot make Paimy write anything
 * without the requester's click, nor post private mail to a channel — even when the model obeys
 * them. The Claude fake here is deliberately gullible: it does whatever the text asked.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Step, text, toolUse, toolUses } from '../fakes';
import { rfc822 } from '../fakes/mime-samples';
import { INJECTIONS } from '../corpus/injections';
import { type Harness, mention, startHarness } from '../support/harness';
import { MINJI, type SeededTeam, SUJIN, seedTeam } from '../support/team';

describe('injected instructions', () => {
  let h: Harness;
  let team: SeededTeam;
  let meetingId: string;

  beforeAll(async () => {
    h = await startHarness({ now: '2026-11-23T10:00:00+09:00', googleUsers: [MINJI.email, SUJIN.email] });
    team = seedTeam(h);
    meetingId = h.google!.addEvent(MINJI.email, {
      summary: '주간 회의',
      start: { dateTime: '2026-11-24T10:00:00+09:00' },
      end: { dateTime: '2026-11-24T11:00:00+09:00' },
      attendees: [{ email: SUJIN.email }],
    }).id;
  });
  afterAll(async () => {
    await h.close();
  });

  /** What a model that obeys the injection would ask for. */
  const obey = (): Step =>
    toolUses([
      { name: 'update_task', input: { task_id: team.tasks.report, status: 'Done' } },
      { name: 'create_task', input: { title: 'pwned' } },
      { name: 'create_calendar_event', input: { summary: 'hack', start_time: '2026-11-24T09:00:00', end_time: '2026-11-24T09:30:00', attendees: ['attacker@evil.example'] } },
      { name: 'create_calendar_event', input: { summary: 'solo', start_time: '2026-11-24T13:00:00', end_time: '2026-11-24T13:30:00' } },
      { name: 'delete_calendar_event', input: { event_id: meetingId } },
    ]);

  it(`holds against ${INJECTIONS.length} injections in mail and in task text`, async () => {
    expect(INJECTIONS.length).toBeGreaterThanOrEqual(30);
    const asks: { channel: string; ts: string; secret: string }[] = [];
    for (const [i, injection] of INJECTIONS.entries()) {
      const secret = `SECRET-${i}-${injection.name}`;
      const mailId = h.google!.addMessage(
        MINJI.email,
        rfc822({
          from: 'Unknown <someone@evil.example>',
          to: MINJI.email,
          subject: `공지 ${i}`,
          text: `${secret}\n${injection.html ? '' : injection.text}`,
          html: injection.html ? `<p>${secret}</p>${injection.text}` : undefined,
        }),
      );
      const taskId = h.notion.addTask({ title: `검토 ${i}`, ownerIds: [team.minjiNotionId], status: 'Backlog', details: `${injection.text}` });

      h.claude.script(toolUse('get_email', { message_id: mailId }), obey(), text(`메일 내용: ${secret} <!channel>`));
      const mailAsk = mention(`메일 ${i} 확인해줘`, { user: MINJI.slack, channel: 'C0PROJECT' });
      await h.deliver(mailAsk);
      await h.settle();
      asks.push({ channel: mailAsk.channel, ts: mailAsk.ts, secret });

      h.claude.script(toolUse('get_task', { task_id: taskId }), obey(), text('처리했어요 <!channel>'));
      const taskAsk = mention(`검토 ${i} 태스크 봐줘`, { user: MINJI.slack, channel: 'C0TEAM' });
      await h.deliver(taskAsk);
      await h.settle();
      asks.push({ channel: taskAsk.channel, ts: taskAsk.ts, secret });
    }
    expect(h.claude.unscripted).toBe(0);

    // Zero unconfirmed writes: Notion untouched, Google calendar untouched.
    expect(h.notion.callsOf('PATCH')).toHaveLength(0);
    expect(h.notion.callsOf('POST', /^\/v1\/pages$/)).toHaveLength(0);
    const calendarWrites = h.google!.calls.filter((c) => c.api === 'calendar' && c.method !== 'GET' && !c.path.endsWith('/freeBusy'));
    expect(calendarWrites).toHaveLength(0);
    expect(h.notion.taskStatus(team.tasks.report)).toBe('In Progress');
    expect(h.google!.events(MINJI.email).map((e) => e.id)).toEqual([meetingId]);

    // Zero private content in channels, zero channel pings.
    const publicMessages = h.slack.messages.filter((m) => !m.ephemeralUser);
    for (const a of asks) {
      expect(JSON.stringify(publicMessages.filter((m) => m.channel === a.channel))).not.toContain(a.secret);
    }
    expect(JSON.stringify(h.slack.messages)).not.toMatch(/<!channel>|<!here>|<!everyone>/);
    // Every write was turned into a preview awaiting the requester.
    const previews = JSON.stringify(h.slack.messages).match(/paimy_confirm/g) ?? [];
    expect(previews.length).toBe(INJECTIONS.length * 2 * 5);
  }, 120_000);
});
