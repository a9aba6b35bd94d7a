/**
 * Issue #3, mail: the requester's own mailbox only, real-world MIME decoded, answered privately
 * when asked in a channel, and mail bodies treated as data.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { text, toolUse, toolUses } from '../fakes';
import { MIME_SAMPLES, rfc822 } from '../fakes/mime-samples';
import { toolResultJson, toolResults } from '../support/claude-requests';
import { type Harness, mention, message, startHarness } from '../support/harness';
import { MINJI, SUJIN, seedTeam } from '../support/team';

describe('mail', () => {
  let h: Harness;
  const ids: string[] = [];

  beforeEach(async () => {
    h = await startHarness({ now: '2026-11-23T10:00:00+09:00', googleUsers: [MINJI.email, SUJIN.email] });
    seedTeam(h);
    ids.length = 0;
    for (const sample of MIME_SAMPLES) ids.push(h.google!.addMessage(MINJI.email, sample.raw));
    h.google!.addMessage(SUJIN.email, rfc822({ from: 'boss@example.com', to: SUJIN.email, subject: '수진님만 보는 메일', text: '비밀' }));
  });
  afterEach(async () => {
    expect(h.claude.unscripted).toBe(0);
    await h.close();
  });

  it('decodes three real-world MIME shapes with Korean subjects, reading only the requester\'s mailbox', async () => {
    h.claude.script(
      toolUse('search_emails', { query: 'is:unread' }),
      toolUses(ids.map((id) => ({ name: 'get_email', input: { message_id: id } }))),
      text('읽지 않은 메일 3통을 요약했어요.'),
    );
    const dm = message('읽지 않은 메일 요약해줘', { user: MINJI.slack, channel: 'D0MINJI', channel_type: 'im' });
    await h.deliver(dm);
    await h.settle();

    const found = toolResultJson(h.claude.requests[1]!.body);
    expect(found.emails.map((e: { subject: string }) => e.subject).sort()).toEqual(MIME_SAMPLES.map((s) => s.subject).sort());
    const bodies = toolResults(h.claude.requests[2]!.body).map((r) => JSON.parse(r.content as string));
    MIME_SAMPLES.forEach((sample, i) => {
      expect(bodies[i].subject).toBe(sample.subject);
      expect(bodies[i].from).toContain(sample.from.address);
      expect(bodies[i].body_untrusted).toContain(sample.phrase);
      for (const junk of sample.mustNotContain) expect(bodies[i].body_untrusted).not.toContain(junk);
      expect(bodies[i].link).toBe(`https://mail.google.com/mail/u/0/#all/${ids[i]}`);
    });
    expect(bodies[2].attachments.map((a: { filename: string }) => a.filename)).toEqual(
      MIME_SAMPLES[2]!.attachments.filter((a) => !a.inline).map((a) => a.filename),
    );
    // DMs are private already: the answer is a normal reply.
    expect(h.slack.messagesIn('D0MINJI', dm.ts).map((m) => m.text)).toEqual(['읽지 않은 메일 3통을 요약했어요.']);

    const gmailCalls = h.google!.calls.filter((c) => c.api === 'gmail');
    expect(gmailCalls.length).toBeGreaterThan(0);
    expect(new Set(gmailCalls.map((c) => c.user))).toEqual(new Set([MINJI.email]));
    expect(gmailCalls.every((c) => c.path.includes('/users/me/'))).toBe(true);
  });

  it('answers a mail question asked in a channel privately, and keeps mail out of the thread\'s memory', async () => {
    h.claude.script(toolUse('search_emails', { query: 'is:unread' }), text('견적서 검토 요청 메일이 와 있어요.'));
    const ask = mention('읽지 않은 메일 있어?', { user: MINJI.slack, channel: 'C0PROJECT' });
    await h.deliver(ask);
    await h.settle();

    const inThread = h.slack.messagesIn('C0PROJECT', ask.ts);
    const privateReply = inThread.find((m) => m.ephemeralUser === MINJI.slack);
    expect(privateReply?.text).toContain('견적서 검토 요청');
    const publicReplies = inThread.filter((m) => !m.ephemeralUser);
    expect(publicReplies).toHaveLength(1);
    expect(publicReplies[0]!.text).toContain('께만 보이는 메시지');
    expect(JSON.stringify(publicReplies)).not.toContain('견적서');

    // Sujin follows up in the same thread: Claude gets no trace of Minji's mail.
    h.claude.script(text('무엇을 도와드릴까요?'));
    await h.deliver(message('나도 볼래', { user: SUJIN.slack, channel: 'C0PROJECT', thread_ts: ask.ts }));
    await h.settle();
    const followUp = JSON.stringify(h.claude.requests.at(-1)!.body.messages);
    expect(followUp).not.toContain('견적서');
    expect(followUp).not.toContain('주간 회의 안건');
    expect(h.google!.calls.filter((c) => c.api === 'gmail').every((c) => c.user === MINJI.email)).toBe(true);
  });

  it('turns an email into a task linked to the message, once the requester confirms', async () => {
    const id = ids[1]!;
    h.claude.script(
      toolUse('get_email', { message_id: id }),
      (req) => {
        const email = toolResultJson(req);
        return toolUse('create_task', { title: `[메일] ${email.subject}`, source: 'Gmail', source_url: email.link, due_date: '2026-11-27' });
      },
      text('태스크로 만들었어요.'),
    );
    const dm = message('이 메일 태스크로 만들어줘', { user: MINJI.slack, channel: 'D0MINJI', channel_type: 'im' });
    await h.deliver(dm);
    await h.settle();
    // The mail was written by someone else: the write waits for Minji's click.
    expect(toolResultJson(h.claude.requests[2]!.body)).toMatchObject({ status: 'awaiting_confirmation' });
    const before = h.notion.pages.length;
    const reply = h.slack.messagesIn('D0MINJI', dm.ts)[0]!;
    expect(JSON.stringify(reply.blocks)).toContain('[메일] 견적서 검토 요청');
    const confirm = (reply.blocks as { type: string; elements?: { action_id: string; value: string }[] }[])
      .flatMap((b) => b.elements ?? [])
      .find((e) => e.action_id === 'paimy_confirm')!;
    await h.clickButton({ user: MINJI.slack, message: reply, actionId: 'paimy_confirm', value: confirm.value });
    await h.settle();
    expect(h.notion.pages.length).toBe(before + 1);
    const page = h.notion.pages.at(-1)!;
    expect(h.notion.prop(page.id, '태스크명')).toMatchObject({ title: [expect.objectContaining({ plain_text: '[메일] 견적서 검토 요청' })] });
    expect(h.notion.prop(page.id, '소스')).toMatchObject({ select: { name: 'Gmail' } });
    expect(h.notion.prop(page.id, '원본 링크')).toMatchObject({ url: `https://mail.google.com/mail/u/0/#all/${id}` });
    expect(JSON.stringify(h.slack.messagesIn('D0MINJI', dm.ts)[0]!.blocks)).toContain('태스크를 만들었어요');
  });
});
