import { ErrorCode, WebClient, type WebAPIPlatformError } from '@slack/web-api';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { BOT_USER_ID, startSlackFake, type SlackFake } from '../fakes';

let fake: SlackFake;
let client: WebClient;

beforeEach(async () => {
  if (!fake) fake = await startSlackFake();
  fake.reset();
  fake.addUser({ id: 'U0ALICE', name: 'alice', realName: 'Alice Kim', email: 'alice@example.com' });
  client = new WebClient('xoxb-test', { slackApiUrl: fake.apiUrl, retryConfig: { retries: 0 } });
});
afterAll(() => fake.close());

describe('slack fake with the real WebClient', () => {
  it('auth.test returns the bot identity', async () => {
    const res = await client.auth.test();
    expect(res).toMatchObject({ ok: true, user_id: BOT_USER_ID, bot_id: 'BPAIMY', team_id: 'T0TEAM' });
  });

  it('posts a threaded message with blocks, updates it and reads the thread', async () => {
    const blocks = [{ type: 'section', text: { type: 'mrkdwn', text: '*hi*' } }];
    const parentTs = fake.addMessage({ channel: 'C1', text: 'help me', user: 'U0ALICE' });
    const res = await client.chat.postMessage({ channel: 'C1', text: 'hi', blocks, thread_ts: parentTs });
    expect(res.ok).toBe(true);
    expect(res.ts).toMatch(/^\d{10}\.\d{6}$/);
    expect(res.message?.blocks).toEqual(blocks);

    const [call] = fake.callsOf('chat.postMessage');
    expect(call?.args.blocks).toEqual(blocks);
    expect(call?.token).toBe('xoxb-test');
    expect(fake.messagesIn('C1', parentTs)).toMatchObject([{ text: 'hi', blocks, thread_ts: parentTs }]);

    await client.chat.update({ channel: 'C1', ts: res.ts ?? '', text: 'edited' });
    expect(fake.messagesIn('C1', parentTs)[0]).toMatchObject({ text: 'edited', updatedCount: 1 });
    expect(fake.messagesIn('C1', parentTs)[0]?.blocks).toBeUndefined();

    const replies = await client.conversations.replies({ channel: 'C1', ts: parentTs });
    expect(replies.messages?.map((m) => m.text)).toEqual(['help me', 'edited']);
  });

  it('records ephemerals, reactions and assistant status', async () => {
    const eph = await client.chat.postEphemeral({ channel: 'C1', user: 'U0ALICE', text: 'psst' });
    expect(eph.message_ts).toBeDefined();
    await client.reactions.add({ channel: 'C1', timestamp: '1.000001', name: 'eyes' });
    await client.assistant.threads.setStatus({ channel_id: 'D1', thread_ts: '1.000001', status: 'is thinking…' });
    expect(fake.messagesIn('C1')).toMatchObject([{ ephemeralUser: 'U0ALICE', text: 'psst' }]);
    expect(fake.reactions).toEqual([{ channel: 'C1', timestamp: '1.000001', name: 'eyes' }]);
    expect(fake.statuses).toEqual([{ channel_id: 'D1', thread_ts: '1.000001', status: 'is thinking…' }]);
    await expect(client.reactions.add({ channel: 'C1', timestamp: '1.000001', name: 'eyes' })).rejects.toMatchObject({
      data: { error: 'already_reacted' },
    });
  });

  it('serves users.info, lookupByEmail and paginated users.list', async () => {
    const info = await client.users.info({ user: 'U0ALICE' });
    expect(info.user).toMatchObject({
      id: 'U0ALICE',
      real_name: 'Alice Kim',
      tz: 'Asia/Seoul',
      tz_offset: 32400,
      profile: { email: 'alice@example.com' },
    });
    const byEmail = await client.users.lookupByEmail({ email: 'ALICE@example.com' });
    expect(byEmail.user?.id).toBe('U0ALICE');
    fake.addUser({ id: 'U0BOB', name: 'bob', realName: 'Bob Lee' });
    const ids: string[] = [];
    for await (const page of client.paginate('users.list', { limit: 2 })) {
      ids.push(...((page as { members?: Array<{ id: string }> }).members ?? []).map((m) => m.id));
    }
    expect(ids).toEqual([BOT_USER_ID, 'U0ALICE', 'U0BOB']);
    expect(fake.callsOf('users.list')).toHaveLength(2);
  });

  it('turns ok:false into WebAPIPlatformError', async () => {
    const err = (await client.users.info({ user: 'UNOPE' }).catch((e: unknown) => e)) as WebAPIPlatformError;
    expect(err.code).toBe(ErrorCode.PlatformError);
    expect(err.data.error).toBe('user_not_found');
    await expect(client.chat.update({ channel: 'C1', ts: '9.9', text: 'x' })).rejects.toMatchObject({
      data: { error: 'message_not_found' },
    });
    const tooLong = [{ type: 'section', text: { type: 'mrkdwn', text: 'x'.repeat(3001) } }];
    await expect(client.chat.postMessage({ channel: 'C1', text: 'x', blocks: tooLong })).rejects.toMatchObject({
      data: { error: 'invalid_blocks' },
    });
  });

  it('injects faults once each, in order', async () => {
    fake.failNext('chat.postMessage', { error: 'channel_not_found' });
    fake.failNext('chat.postMessage', { status: 500 });
    await expect(client.chat.postMessage({ channel: 'C1', text: 'a' })).rejects.toMatchObject({
      data: { error: 'channel_not_found' },
    });
    await expect(client.chat.postMessage({ channel: 'C1', text: 'b' })).rejects.toMatchObject({
      code: ErrorCode.HTTPError,
      statusCode: 500,
    });
    const limited = new WebClient('xoxb-test', { slackApiUrl: fake.apiUrl, rejectRateLimitedCalls: true });
    fake.failNext('chat.postMessage', { status: 429, retryAfterSeconds: 7 });
    await expect(limited.chat.postMessage({ channel: 'C1', text: 'c' })).rejects.toMatchObject({
      code: ErrorCode.RateLimitedError,
      retryAfter: 7,
    });
    await client.chat.postMessage({ channel: 'C1', text: 'd' });
    expect(fake.messagesIn('C1').map((m) => m.text)).toEqual(['d']);
    expect(fake.callsOf('chat.postMessage').map((c) => c.fault !== undefined)).toEqual([true, true, true, false]);
  });

  it('answers unknown methods with unknown_method and waits for async replies', async () => {
    await expect(client.apiCall('nope.nothing')).rejects.toMatchObject({ data: { error: 'unknown_method' } });
    setTimeout(() => void client.chat.postMessage({ channel: 'C9', text: 'later' }), 30);
    await fake.waitFor((f) => f.messagesIn('C9').length === 1, 2000);
    await expect(fake.waitFor(() => false, 50)).rejects.toThrow(/timed out/);
  });
});
