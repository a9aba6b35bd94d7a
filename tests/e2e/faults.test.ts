/**
 * Issue #4, the fault matrix: Slack, Google and Claude failing in their documented ways. The
 * user always gets one whole answer or one kind message, and secrets never reach the logs.
 */
import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { apiError, text, toolUse } from '../fakes';
import { rfc822 } from '../fakes/mime-samples';
import { toolResults } from '../support/claude-requests';
import { type Harness, mention, startHarness } from '../support/harness';
import { MINJI, SUJIN, seedTeam } from '../support/team';

describe('faults', () => {
  let h: Harness;
  afterEach(async () => {
    await h.close();
  });

  it('posts the reply once when Slack rate-limits chat.postMessage (429 with Retry-After)', async () => {
    h = await startHarness();
    seedTeam(h);
    h.slack.failNext('chat.postMessage', { status: 429, retryAfterSeconds: 1 });
    h.claude.script(text('안녕하세요!'));
    const ask = mention('안녕', { user: MINJI.slack });
    await h.deliver(ask);
    await h.settle();
    expect(h.slack.messagesIn(ask.channel, ask.ts).map((m) => m.text)).toEqual(['안녕하세요!']);
    expect(h.slack.callsOf('chat.postMessage')).toHaveLength(2);
  });

  it('backs off on Google 403 rateLimitExceeded, but not on quotaExceeded', async () => {
    h = await startHarness({ googleUsers: [MINJI.email, SUJIN.email] });
    seedTeam(h);
    const google = h.google!;
    google.failNext(/\/events$/, { status: 403, reason: 'rateLimitExceeded' });
    google.failNext(/\/events$/, { status: 429, reason: 'rateLimitExceeded' });
    h.claude.script(toolUse('get_calendar_events', { time_min: '2026-11-23', time_max: '2026-11-23' }), text('오늘 일정은 없어요.'));
    await h.deliver(mention('오늘 일정', { user: MINJI.slack }));
    await h.settle();
    expect(toolResults(h.claude.requests[1]!.body)[0]!.is_error).toBeFalsy();
    expect(google.calls.filter((c) => c.api === 'calendar' && c.path.endsWith('/events'))).toHaveLength(3);

    google.failNext(/\/events$/, { status: 403, reason: 'quotaExceeded', message: 'Calendar usage limits exceeded.' });
    h.claude.script(toolUse('get_calendar_events', { time_min: '2026-11-23', time_max: '2026-11-23' }), text('지금은 캘린더를 볼 수 없어요.'));
    await h.deliver(mention('오늘 일정 다시', { user: MINJI.slack }));
    await h.settle();
    const [result] = toolResults(h.claude.requests[3]!.body);
    expect(result).toMatchObject({ is_error: true });
    expect(result!.content).toContain('usage limits');
    expect(google.calls.filter((c) => c.api === 'calendar' && c.path.endsWith('/events'))).toHaveLength(4);
  });

  it('says whether to try again when Claude is rate limited or out of credit', async () => {
    h = await startHarness();
    seedTeam(h);
    h.claude.script(apiError('rate_limit_error'));
    const busy = mention('안녕', { user: MINJI.slack });
    await h.deliver(busy);
    await h.settle();
    expect(h.slack.messagesIn(busy.channel, busy.ts)[0]?.text).toContain('잠시 후 다시');

    h.claude.script({ error: 'invalid_request_error', message: 'Your credit balance is too low to access the Anthropic API.' });
    const broke = mention('안녕?', { user: MINJI.slack });
    await h.deliver(broke);
    await h.settle();
    expect(h.slack.messagesIn(broke.channel, broke.ts)[0]?.text).toContain('관리자');
  });

  it('answers kindly, without a stack trace, when Claude times out', async () => {
    h = await startHarness({ claudeTimeoutMs: 500 });
    seedTeam(h);
    h.claude.script(async () => {
      await new Promise((r) => setTimeout(r, 1_500));
      return text('늦은 답');
    });
    const ask = mention('안녕', { user: MINJI.slack });
    await h.deliver(ask);
    await h.settle();
    const [reply] = h.slack.messagesIn(ask.channel, ask.ts);
    expect(reply?.text).toContain('잠시 후 다시');
    expect(reply?.text).not.toContain('늦은 답');
  });

  it('never writes tokens, keys or mail bodies to the log', async () => {
    const lines: string[] = [];
    const sink = new Writable({ write(chunk, _e, done) { lines.push(String(chunk)); done(); } });
    h = await startHarness({ googleUsers: [MINJI.email, SUJIN.email], env: { LOG_LEVEL: 'debug' }, logSink: sink });
    seedTeam(h);
    const mailId = h.google!.addMessage(MINJI.email, rfc822({ from: 'a@example.com', to: MINJI.email, subject: '급여 명세', text: 'BODY-SECRET-42' }));
    h.claude.script(toolUse('get_email', { message_id: mailId }), text('확인했어요.'), apiError('overloaded_error'));
    await h.deliver(mention('메일 읽어줘', { user: MINJI.slack }));
    await h.settle();
    await h.deliver(mention('안녕', { user: MINJI.slack }));
    await h.settle();
    const log = lines.join('');
    expect(log).toContain('"event_id"');
    for (const secret of ['xoxb-test-token', 'sk-ant-test', 'ntn_test', 'test-signing-secret', 'PRIVATE KEY', 'BODY-SECRET-42']) {
      expect(log).not.toContain(secret);
    }
  });
});
