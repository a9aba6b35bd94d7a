/**
 * Paimy end to end: the real Bolt app, real SDKs, a PGlite store, and local fakes of Slack,
 * Notion and Claude. Requests reach Paimy through its HTTP endpoint, signed like Slack signs
 * them; assertions read the fakes' recorded state.
 */
import { generateKeyPairSync } from 'node:crypto';
import Anthropic from '@anthropic-ai/sdk';
import { NotionTasks } from '../../src/adapters/notion';
import { pacedFetch } from '../../src/adapters/pacer';
import { type PaimyApp, EVENTS_PATH, createApp } from '../../src/app';
import { loadConfig } from '../../src/config';
import { Gmail } from '../../src/adapters/gmail';
import { GoogleCalendar } from '../../src/adapters/google-calendar';
import { GoogleAuthPool } from '../../src/adapters/google-clients';
import { createLogger } from '../../src/logger';
import { createHolidayCalendar } from '../../src/scheduling/holidays';
import type { Store } from '../../src/store/store';
import { type FixedClock, fixedClock } from '../../src/time';
import {
  type AnthropicFake,
  type GoogleFake,
  type NotionFake,
  type NotionFakeOptions,
  type SlackFake,
  type SlackMessage,
  APP_ID,
  BOT_USER_ID,
  TEAM_ID,
  startAnthropicFake,
  startGoogleFake,
  startNotionFake,
  startSlackFake,
} from '../fakes';
import { signSlackRequest } from './slack-signing';
import { freshStore } from './store';

export const SIGNING_SECRET = 'test-signing-secret';

/** A service account key pair made for this test run (never committed). */
const SERVICE_ACCOUNT = (() => {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return {
    serviceAccountEmail: 'paimy@paimy-test.iam.gserviceaccount.com',
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
  };
})();

export interface HarnessOptions {
  /** The team-zone instant Paimy believes it is (ISO 8601 with offset). */
  now?: string;
  notion?: NotionFakeOptions | false;
  /** Start the Google fake with these Workspace users (emails). */
  googleUsers?: string[];
  /** The Claude client's request timeout (ms); the SDK default otherwise. */
  claudeTimeoutMs?: number;
  /** Where Paimy's log lines go (tests that read the log). */
  logSink?: import('node:stream').Writable;
  env?: Record<string, string>;
}

export interface Harness {
  url: string;
  slack: SlackFake;
  notion: NotionFake;
  claude: AnthropicFake;
  /** Present when `googleUsers` was given. */
  google?: GoogleFake;
  store: Store;
  paimy: PaimyApp;
  clock: FixedClock;
  /** POSTs a signed body to /api/slack/events. */
  post(body: string, opts?: { contentType?: string; headers?: Record<string, string>; sign?: boolean }): Promise<Response>;
  /** Delivers an Events API event_callback; returns the HTTP response. */
  deliver(event: Record<string, unknown>, opts?: { eventId?: string; retryNum?: number }): Promise<Response>;
  /** Delivers a block_actions payload (a button click). */
  click(payload: Record<string, unknown>): Promise<Response>;
  /** Clicks a button of a posted message as `user`, as Slack's block_actions payload carries it. */
  clickButton(o: { user: string; message: SlackMessage; actionId: string; value: string }): Promise<Response>;
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
  const google = opts.googleUsers ? await startGoogleFake({ ...SERVICE_ACCOUNT, users: opts.googleUsers, now: () => new Date(clock.now()) }) : undefined;
  const config = loadConfig({
    SLACK_BOT_TOKEN: 'xoxb-test-token',
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: slack.apiUrl,
    ANTHROPIC_API_KEY: 'sk-ant-test',
    ANTHROPIC_BASE_URL: claude.url,
    ...(opts.notion === false
      ? {}
      : { NOTION_INTEGRATION_TOKEN: 'ntn_test', NOTION_TASK_DATABASE_ID: notion.databaseId, NOTION_BASE_URL: notion.url }),
    ...(google
      ? {
          GOOGLE_SERVICE_ACCOUNT_EMAIL: SERVICE_ACCOUNT.serviceAccountEmail,
          GOOGLE_PRIVATE_KEY: SERVICE_ACCOUNT.privateKeyPem.replace(/\n/g, '\\n'), // as it sits in .env
          GOOGLE_API_ROOT_URL: google.rootUrl,
          GOOGLE_OAUTH_TOKEN_URL: google.tokenUrl,
        }
      : {}),
    LOG_LEVEL: process.env.PAIMY_TEST_LOG_LEVEL ?? 'silent',
    NOTION_REQUESTS_PER_SECOND: '50', // tests that measure pacing set Notion's real 3
    ...opts.env,
  });
  const log = createLogger(config.logLevel, opts.logSink);
  let tasks: NotionTasks | undefined;
  if (config.notion) {
    // As in main.ts: the SDK's own retries, paced through the store.
    tasks = new NotionTasks({ config: config.notion, fetch: pacedFetch(store, 'notion:test', config.notion.requestsPerSecond) });
    await tasks.ready();
  }
  const anthropic = new Anthropic({ apiKey: config.anthropic.apiKey, baseURL: config.anthropic.baseUrl, maxRetries: 0, timeout: opts.claudeTimeoutMs });
  const time = { zone: config.timezone, clock };
  const auth = config.google ? new GoogleAuthPool(config.google) : undefined;
  const paimy = createApp({
    leaseMs: config.eventLeaseMs,
    sweepIntervalMs: config.sweepIntervalMs,
    config,
    log,
    store,
    anthropic,
    time,
    notion: tasks,
    calendar: auth ? new GoogleCalendar(auth, time) : undefined,
    gmail: auth ? new Gmail(auth, time) : undefined,
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

  const click: Harness['click'] = (payload) => {
    const body = new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
    return post(body, { contentType: 'application/x-www-form-urlencoded' });
  };

  return {
    url,
    slack,
    notion,
    claude,
    google,
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
    click,
    clickButton({ user, message: m, actionId, value }) {
      return click({
        type: 'block_actions',
        team: { id: TEAM_ID, domain: 'paimy' },
        user: { id: user, username: user.toLowerCase(), team_id: TEAM_ID },
        api_app_id: APP_ID,
        token: 'legacy-verification-token',
        trigger_id: `${Date.now()}.1.abc`,
        container: { type: 'message', message_ts: m.ts, channel_id: m.channel, is_ephemeral: false },
        channel: { id: m.channel, name: 'project' },
        message: { type: 'message', user: BOT_USER_ID, ts: m.ts, thread_ts: m.thread_ts, text: m.text, blocks: m.blocks },
        response_url: `${slack.url}/response`,
        actions: [{ type: 'button', action_id: actionId, value, text: { type: 'plain_text', text: 'button' }, action_ts: nextTs() }],
      });
    },
    settle: () => paimy.tracker.idle(),
    async close() {
      await paimy.stop();
      await Promise.all([slack.close(), notion.close(), claude.close(), store.close(), google?.close()]);
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
