/**
 * Issue #3, calendar: meetings in Korea time, confirmed before anyone is notified, created once.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { text, toolUse } from '../fakes';
import { toolResultJson, toolResults } from '../support/claude-requests';
import { type Harness, mention, startHarness } from '../support/harness';
import { MINJI, SUJIN, seedTeam } from '../support/team';

type Button = { action_id: string; value: string };
const buttonsOf = (blocks: unknown[] | undefined): Button[] =>
  (blocks ?? []).flatMap((b) => ((b as { type: string }).type === 'actions' ? ((b as { elements: Button[] }).elements ?? []) : []));

describe('calendar', () => {
  let h: Harness;
  afterEach(async () => {
    expect(h.claude.unscripted).toBe(0);
    await h.close();
  });

  async function start(now: string) {
    h = await startHarness({ now, googleUsers: [MINJI.email, SUJIN.email] });
    seedTeam(h);
    return h.google!;
  }

  it('books "내일 오후 3시 수진님이랑 30분" at 15:00 KST after the requester confirms, exactly once', async () => {
    const google = await start('2026-11-23T10:00:00+09:00');
    h.claude.script(
      toolUse('create_calendar_event', {
        summary: '수진님과 미팅',
        start_time: '2026-11-24T15:00:00', // naive: the team zone
        end_time: '2026-11-24T15:30:00',
        attendees: [SUJIN.slack],
        with_meet: true,
      }),
      text('미리보기를 확인하고 확인 버튼을 눌러 주세요.'),
    );
    const ask = mention('내일 오후 3시에 수진님이랑 30분 미팅 잡아줘', { user: MINJI.slack });
    await h.deliver(ask);
    await h.settle();

    // The preview states the instant in Korean words; nothing is on anyone's calendar yet.
    const [reply] = h.slack.messagesIn(ask.channel, ask.ts);
    expect(JSON.stringify(reply!.blocks)).toContain('11월 24일 (화) 오후 3:00–3:30');
    expect(JSON.stringify(reply!.blocks)).toContain(SUJIN.email);
    const buttons = buttonsOf(reply!.blocks);
    expect(buttons.map((b) => b.action_id)).toEqual(['paimy_confirm', 'paimy_cancel']);
    expect(toolResultJson(h.claude.requests[1]!.body)).toMatchObject({ status: 'awaiting_confirmation' });
    expect(google.events(MINJI.email)).toHaveLength(0);
    const claudeCalls = h.claude.requests.length;

    // Someone else's click changes nothing.
    await h.clickButton({ user: SUJIN.slack, message: reply!, actionId: 'paimy_confirm', value: buttons[0]!.value });
    await h.settle();
    expect(google.events(MINJI.email)).toHaveLength(0);
    expect(h.slack.messagesIn(ask.channel).find((m) => m.ephemeralUser === SUJIN.slack)?.text).toContain(`<@${MINJI.slack}>님만`);

    // The requester's click creates it, at 06:00Z, with sujin invited and a Meet link.
    await h.clickButton({ user: MINJI.slack, message: reply!, actionId: 'paimy_confirm', value: buttons[0]!.value });
    await h.settle();
    const [event] = google.events(MINJI.email);
    expect(Date.parse(event!.start.dateTime!)).toBe(Date.parse('2026-11-24T06:00:00Z'));
    expect(Date.parse(event!.end.dateTime!)).toBe(Date.parse('2026-11-24T06:30:00Z'));
    expect(event!.start.timeZone).toBe('Asia/Seoul');
    expect(event!.attendees?.map((a) => a.email)).toContain(SUJIN.email);
    expect(event!.hangoutLink).toMatch(/^https:\/\/meet\.google\.com\//);
    const inserts = google.calls.filter((c) => c.api === 'calendar' && c.method === 'POST' && /\/events$/.test(c.path));
    expect(inserts).toHaveLength(1);
    expect(inserts[0]!.query.sendUpdates).toBe('all');
    expect(inserts[0]!.user).toBe(MINJI.email);
    const updated = h.slack.messagesIn(ask.channel, ask.ts)[0]!;
    expect(JSON.stringify(updated.blocks)).toContain('일정을 만들었어요');
    expect(buttonsOf(updated.blocks)).toEqual([]);

    // A second click (a double click, a retry) does nothing more; Claude was never asked again.
    await h.clickButton({ user: MINJI.slack, message: reply!, actionId: 'paimy_confirm', value: buttons[0]!.value });
    await h.settle();
    expect(google.events(MINJI.email)).toHaveLength(1);
    expect(h.claude.requests.length).toBe(claudeCalls);
  });

  it('cancels from the preview without touching the calendar', async () => {
    const google = await start('2026-11-23T10:00:00+09:00');
    h.claude.script(
      toolUse('create_calendar_event', { summary: '회의', start_time: '2026-11-25T10:00:00+09:00', end_time: '2026-11-25T11:00:00+09:00', attendees: [SUJIN.email] }),
      text('확인해 주세요.'),
    );
    const ask = mention('수요일 10시 회의 잡아줘', { user: MINJI.slack });
    await h.deliver(ask);
    await h.settle();
    const reply = h.slack.messagesIn(ask.channel, ask.ts)[0]!;
    const [, cancel] = buttonsOf(reply.blocks);
    await h.clickButton({ user: MINJI.slack, message: reply, actionId: 'paimy_cancel', value: cancel!.value });
    await h.clickButton({ user: MINJI.slack, message: reply, actionId: 'paimy_confirm', value: cancel!.value });
    await h.settle();
    expect(google.events(MINJI.email)).toHaveLength(0);
    expect(JSON.stringify(h.slack.messagesIn(ask.channel, ask.ts)[0]!.blocks)).toContain('취소했어요');
  });

  it('creates an all-day event for the requester alone right away', async () => {
    const google = await start('2026-11-23T10:00:00+09:00');
    h.claude.script(toolUse('create_calendar_event', { summary: '연차', start_time: '2026-12-24', end_time: '2026-12-25' }), text('등록했어요.'));
    await h.deliver(mention('12월 24, 25일 연차 등록해줘', { user: MINJI.slack }));
    await h.settle();
    const [event] = google.events(MINJI.email);
    expect(event!.start).toEqual({ date: '2026-12-24' });
    expect(event!.end).toEqual({ date: '2026-12-26' }); // Google's end date is exclusive
    expect(toolResultJson(h.claude.requests[1]!.body)).toMatchObject({ status: 'created', result: { start: '2026-12-24' } });
  });

  it('flags an event that already exists (same title and start) instead of creating it again', async () => {
    const google = await start('2026-11-23T10:00:00+09:00');
    google.addEvent(MINJI.email, {
      summary: '주간 회의',
      start: { dateTime: '2026-11-24T15:00:00+09:00', timeZone: 'Asia/Seoul' },
      end: { dateTime: '2026-11-24T16:00:00+09:00', timeZone: 'Asia/Seoul' },
    });
    h.claude.script(toolUse('create_calendar_event', { summary: '주간 회의', start_time: '2026-11-24T15:00:00', end_time: '2026-11-24T16:00:00' }), text('이미 있어요.'));
    await h.deliver(mention('내일 3시 주간 회의 등록해줘', { user: MINJI.slack }));
    await h.settle();
    expect(toolResultJson(h.claude.requests[1]!.body)).toMatchObject({ status: 'duplicate_found' });
    expect(google.events(MINJI.email)).toHaveLength(1);
  });

  it("shows this week's events in KST at Monday 00:30, including one stored in New York time", async () => {
    const google = await start('2026-11-23T00:30:00+09:00');
    const ny = google.addEvent(MINJI.email, {
      summary: '뉴욕 파트너 콜',
      start: { dateTime: '2026-11-23T01:00:00-05:00', timeZone: 'America/New_York' },
      end: { dateTime: '2026-11-23T02:00:00-05:00', timeZone: 'America/New_York' },
    });
    google.addEvent(MINJI.email, { summary: '지난주 일요일 밤', start: { dateTime: '2026-11-22T23:30:00+09:00' }, end: { dateTime: '2026-11-22T23:50:00+09:00' } });
    google.addEvent(MINJI.email, { summary: '다음 주 월요일 새벽', start: { dateTime: '2026-11-30T00:10:00+09:00' }, end: { dateTime: '2026-11-30T00:40:00+09:00' } });
    h.claude.script(toolUse('get_calendar_events', { time_min: '2026-11-23', time_max: '2026-11-29' }), text('이번 주 일정은 1개예요.'));
    await h.deliver(mention('이번 주 내 일정 알려줘', { user: MINJI.slack }));
    await h.settle();
    const listed = toolResultJson(h.claude.requests[1]!.body);
    expect(listed.time_min).toBe('2026-11-23T00:00:00.000+09:00');
    expect(listed.events).toEqual([
      expect.objectContaining({ id: ny.id, start: '2026-11-23T15:00:00+09:00', when: '11월 23일 (월) 오후 3:00–4:00' }),
    ]);
  });

  it('finds free slots for two people around busy blocks, lunch, 추석 and the end of the day', async () => {
    const google = await start('2026-09-21T09:00:00+09:00');
    const busy = (email: string, start: string, end: string) =>
      google.addEvent(email, { summary: 'busy', start: { dateTime: start }, end: { dateTime: end } });
    busy(MINJI.email, '2026-09-23T09:00:00+09:00', '2026-09-23T11:00:00+09:00');
    busy(MINJI.email, '2026-09-23T14:00:00+09:00', '2026-09-23T16:30:00+09:00');
    busy(SUJIN.email, '2026-09-23T10:30:00+09:00', '2026-09-23T12:00:00+09:00');
    busy(SUJIN.email, '2026-09-23T16:00:00+09:00', '2026-09-23T17:10:00+09:00');
    busy(SUJIN.email, '2026-09-28T09:00:00+09:00', '2026-09-28T11:00:00+09:00');
    h.claude.script(
      toolUse('find_free_slots', { attendees: [SUJIN.slack], time_min: '2026-09-23', time_max: '2026-09-28', duration_minutes: 60 }),
      text('가능한 시간이에요.'),
    );
    await h.deliver(mention('수요일부터 월요일까지 수진님이랑 둘 다 비는 1시간 찾아줘', { user: MINJI.slack }));
    await h.settle();
    const found = toolResultJson(h.claude.requests[1]!.body);
    expect(found.slots.map((s: { start: string }) => s.start)).toEqual([
      '2026-09-23T13:00:00+09:00',
      '2026-09-28T11:00:00+09:00',
      '2026-09-28T13:00:00+09:00',
      '2026-09-28T14:00:00+09:00',
      '2026-09-28T15:00:00+09:00',
    ]);
    expect(found.holidays_skipped.map((d: { date: string }) => d.date)).toEqual(['2026-09-24', '2026-09-25', '2026-09-26']);
    const freeBusy = google.calls.find((c) => c.path.endsWith('/freeBusy'))!;
    expect(freeBusy.user).toBe(MINJI.email);
    expect((freeBusy.body as { items: { id: string }[] }).items.map((i) => i.id).sort()).toEqual([MINJI.email, SUJIN.email]);
  });

  it('says which scope is missing for domain-wide delegation, for whom', async () => {
    const google = await start('2026-11-23T10:00:00+09:00');
    google.grantScopes(['https://www.googleapis.com/auth/calendar.events']);
    h.claude.script(
      toolUse('find_free_slots', { attendees: [SUJIN.email], time_min: '2026-11-24', time_max: '2026-11-24', duration_minutes: 30 }),
      text('권한 설정이 필요해요.'),
    );
    await h.deliver(mention('내일 수진님이랑 비는 시간', { user: MINJI.slack }));
    await h.settle();
    const [result] = toolResults(h.claude.requests[1]!.body);
    expect(result).toMatchObject({ is_error: true });
    expect(result!.content).toContain('https://www.googleapis.com/auth/calendar.freebusy');
    expect(result!.content).toContain(MINJI.email);
    expect(result!.content).toContain('Domain-wide delegation');
  });
});
