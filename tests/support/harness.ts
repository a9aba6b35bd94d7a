/**
 * Paimy end to end: the real Bolt app, real SDKs, a PGlite store, and local fakes of Slack,
 * Notion and Claude. Requests reach Paimy through its HTTP endpoint, signed like Slack signs
 * them; assertions read the fakes' recorded state.
 */
import Anthropic from '@anthropic-ai/sdk';
import { Client } from '@notionhq/client';
import { NotionTasks } from '../../src/adapters/notion';
import { type PaimyApp, EVENTS_PATH, createApp } from '../../src/app';
import { loadConfig } from '../../src/config';
import { createLogger } from '../../src/logger';
import { createHolidayCalendar } from '../../src/scheduling/holidays';
import type { Store } from '../../src/store/store';
import { type FixedClock, fixedClock } from '../../src/time';
import {
  type AnthropicFake,
  type NotionFake,
  type NotionFakeOptions,
  type SlackFake,
  APP_ID,
  BOT_USER_ID,
  TEAM_ID,
  startAnthropicFake,
  startNotionFake,
  startSlackFake,
} from '../fakes';
import { signSlackRequest } from './slack-signing';
import { freshStore } from './store';

export const SIGNING_SECRET = 'test-signing-secret';

export interface HarnessOptions {
  /** The team-zone instant Paimy believes it is (ISO 8601 with offset). */
  now?: string;
  notion?: NotionFakeOptions | false;
  env?: Record<string, string>;
}

export interface Harness {
  url: string;
  slack: SlackFake;
  notion: NotionFake;
  claude: AnthropicFake;
  store: Store;
  paimy: PaimyApp;
  clock: FixedClock;
  /** POSTs a signed body to /api/slack/events. */
  post(body: string, opts?: { contentType?: string; headers?: Record<string, string>; sign?: boolean }): Promise<Response>;
  /** Delivers an Events API event_callback; returns the HTTP response. */
  deliver(event: Record<string, unknown>, opts?: { eventId?: string; retryNum?: number }): Promise<Response>;
  /** Delivers a block_actions payload (a button click). */
  click(payload: Record<string, unknown>): Promise<Response>;
  /** Waits until every accepted event has been fully handled. */
  settle(): Promise<void>;
  close(): Promise<void>;
}

let seq = 0;
/** A unique Slack-style ts, increasing across a test run. */
export function nextTs(): string {
  seq += 1;
  return `1795400000.${String(100000 + seq).padStart(6, '0')}`;
}

export async function startHarness(opts: HarnessOptions = {}): Promise<Harness> {
  const clock = fixedClock(opts.now ?? '2026-11-23T00:30:00+09:00');
  const [slack, notion, claude, store] = await Promise.all([
    startSlackFake(),
    startNotionFake(opts.notion === false ? {} : { now: () => new Date(clock.now()), ...opts.notion }),
    startAnthropicFake(),
    freshStore(),
  ]);
  const config = loadConfig({
    SLACK_BOT_TOKEN: 'xoxb-test-token',
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: slack.apiUrl,
    ANTHROPIC_API_KEY: 'sk-ant-test',
    ANTHROPIC_BASE_URL: claude.url,
    ...(opts.notion === false
      ? {}
      : { NOTION_INTEGRATION_TOKEN: 'ntn_test', NOTION_TASK_DATABASE_ID: notion.databaseId, NOTION_BASE_URL: notion.url }),
    LOG_LEVEL: process.env.PAIMY_TEST_LOG_LEVEL ?? 'silent',
    ...opts.env,
  });
  const log = createLogger(config.logLevel);
  let tasks: NotionTasks | undefined;
  if (config.notion) {
    tasks = new NotionTasks({
      config: config.notion,
      client: new Client({ auth: config.notion.token, baseUrl: config.notion.baseUrl, retry: { maxRetries: 1 } }),
    });
    await tasks.ready();
  }
  const anthropic = new Anthropic({ apiKey: config.anthropic.apiKey, baseURL: config.anthropic.baseUrl, maxRetries: 0 });
  const time = { zone: config.timezone, clock };
  const paimy = createApp({
    config,
    log,
    store,
    anthropic,
    time,
    notion: tasks,
    scheduling: { workingHours: config.workingHours, lunch: config.lunchHours, holidays: createHolidayCalendar(time) },
  });
  const { port } = await paimy.start(0);
  const url = `http://127.0.0.1:${port}`;

  const post: Harness['post'] = (body, o = {}) =>
    fetch(`${url}${EVENTS_PATH}`, {
      method: 'POST',
      headers: {
        'content-type': o.contentType ?? 'application/json',
        ...(o.sign === false ? {} : signSlackRequest(SIGNING_SECRET, body)),
        ...o.headers,
      },
      body,
    });

  return {
    url,
    slack,
    notion,
    claude,
    store,
    paimy,
    clock,
    post,
    deliver(event, o = {}) {
      const body = JSON.stringify({
        token: 'legacy-verification-token',
        team_id: TEAM_ID,
        api_app_id: APP_ID,
        type: 'event_callback',
        event_id: o.eventId ?? `Ev${nextTs().replace('.', '')}`,
        event_time: Math.floor(Date.now() / 1000),
        authorizations: [{ team_id: TEAM_ID, user_id: BOT_USER_ID, is_bot: true, is_enterprise_install: false }],
        event: { event_ts: event.ts, ...event },
      });
      const headers: Record<string, string> = o.retryNum
        ? { 'x-slack-retry-num': String(o.retryNum), 'x-slack-retry-reason': 'http_timeout' }
        : {};
      return post(body, { headers });
    },
    click(payload) {
      const body = new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
      return post(body, { contentType: 'application/x-www-form-urlencoded' });
    },
    settle: () => paimy.tracker.idle(),
    async close() {
      await paimy.stop();
      await Promise.all([slack.close(), notion.close(), claude.close(), store.close()]);
    },
  };
}

/** An app_mention event as Slack sends it (`<@UPAIMY> …`). */
export function mention(text: string, o: { user: string; channel?: string; ts?: string; thread_ts?: string }) {
  return {
    type: 'app_mention',
    user: o.user,
    text: `<@${BOT_USER_ID}> ${text}`,
    ts: o.ts ?? nextTs(),
    channel: o.channel ?? 'C0PROJECT',
    ...(o.thread_ts ? { thread_ts: o.thread_ts } : {}),
  };
}

/** A `message` event (channel reply, DM, or with a subtype). */
export function message(
  text: string,
  o: { user?: string; channel?: string; channel_type?: string; ts?: string; thread_ts?: string; subtype?: string; bot_id?: string },
) {
  return {
    type: 'message',
    text,
    ts: o.ts ?? nextTs(),
    channel: o.channel ?? 'C0PROJECT',
    channel_type: o.channel_type ?? 'channel',
    ...(o.user ? { user: o.user } : {}),
    ...(o.thread_ts ? { thread_ts: o.thread_ts } : {}),
    ...(o.subtype ? { subtype: o.subtype } : {}),
    ...(o.bot_id ? { bot_id: o.bot_id } : {}),
  };
}
