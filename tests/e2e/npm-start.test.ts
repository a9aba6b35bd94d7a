/**
 * Paimy started as `npm start` starts it (the built bundle, plain Node, the embedded store in
 * PAIMY_DATA_DIR): it answers a DM in the thread, keeps what it did across a restart, and
 * exits cleanly on SIGTERM.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type AnthropicFake,
  type NotionFake,
  type SlackFake,
  APP_ID,
  BOT_USER_ID,
  TEAM_ID,
  startAnthropicFake,
  startNotionFake,
  startSlackFake,
  text,
} from '../fakes';
import { type PaimyProcess, startPaimyProcess } from '../support/paimy-process';
import { signSlackRequest } from '../support/slack-signing';

const SECRET = 'npm-start-signing-secret';
const USER = 'U0MINJI';

describe('npm start', () => {
  let slack: SlackFake;
  let notion: NotionFake;
  let claude: AnthropicFake;
  let dataDir: string;
  let paimy: PaimyProcess | undefined;

  const start = () =>
    startPaimyProcess({
      SLACK_BOT_TOKEN: 'xoxb-start',
      SLACK_SIGNING_SECRET: SECRET,
      SLACK_API_URL: slack.apiUrl,
      ANTHROPIC_API_KEY: 'sk-ant-start',
      ANTHROPIC_BASE_URL: claude.url,
      NOTION_INTEGRATION_TOKEN: 'ntn_start',
      NOTION_TASK_DATABASE_ID: notion.databaseId,
      NOTION_BASE_URL: notion.url,
      PAIMY_DATA_DIR: dataDir,
    });

  function deliver(url: string, retryNum = 0) {
    const ts = '1795600000.000100';
    const body = JSON.stringify({
      token: 'legacy',
      team_id: TEAM_ID,
      api_app_id: APP_ID,
      type: 'event_callback',
      event_id: 'EvStart1',
      event_time: Math.floor(Date.now() / 1000),
      authorizations: [{ team_id: TEAM_ID, user_id: BOT_USER_ID, is_bot: true }],
      event: { type: 'message', channel_type: 'im', channel: `D${USER}`, user: USER, text: '안녕', ts, event_ts: ts },
    });
    const retry: Record<string, string> =
      retryNum > 0 ? { 'x-slack-retry-num': String(retryNum), 'x-slack-retry-reason': 'http_timeout' } : {};
    return fetch(`${url}/api/slack/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...signSlackRequest(SECRET, body), ...retry },
      body,
    }).then((r) => r.status);
  }

  beforeAll(async () => {
    [slack, notion, claude] = await Promise.all([startSlackFake(), startNotionFake(), startAnthropicFake()]);
    claude.responder = () => text('안녕하세요, 민지님!');
    slack.addUser({ id: USER, name: 'minji', realName: '김민지', email: 'minji@paimy.example' });
    notion.addUser({ name: '김민지', email: 'minji@paimy.example' });
    dataDir = await mkdtemp(join(tmpdir(), 'paimy-start-'));
  });

  afterAll(async () => {
    await paimy?.kill();
    await Promise.all([slack?.close(), notion?.close(), claude?.close()]);
    await rm(dataDir, { recursive: true, force: true });
  });

  it('answers in the thread, remembers the event across a restart and stops on SIGTERM', async () => {
    paimy = await start();
    expect(await deliver(paimy.url)).toBe(200);
    await slack.waitFor((s) => s.messagesIn(`D${USER}`, '1795600000.000100').length >= 1, 20_000);
    await paimy.stop();
    expect(paimy.child.exitCode).toBe(0);

    // Slack retries the same event after the restart: the embedded store still holds its claim.
    paimy = await start();
    expect(await deliver(paimy.url, 1)).toBe(200);
    await new Promise((r) => setTimeout(r, 1_000));
    expect(slack.messagesIn(`D${USER}`, '1795600000.000100').map((m) => m.text)).toEqual(['안녕하세요, 민지님!']);
    expect(claude.requests).toHaveLength(1);
    await paimy.stop();
    expect(paimy.child.exitCode).toBe(0);
  }, 90_000);
});
